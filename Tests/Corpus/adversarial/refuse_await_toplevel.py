# expect: await
x = await something()
