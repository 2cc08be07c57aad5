# expect-any: await | async
async def fetch():
    return 1
async def main():
    return await fetch()
