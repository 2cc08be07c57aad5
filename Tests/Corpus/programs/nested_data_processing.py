library = {
    "fiction": [{"title": "Dune", "year": 1965}, {"title": "Emma", "year": 1815}],
    "science": [{"title": "Cosmos", "year": 1980}],
    "empty": [],
}
for genre, books in library.items():
    years = [b["year"] for b in books]
    oldest = min(books, key=lambda b: b["year"])["title"] if books else None
    print(genre, len(books), sum(years), oldest)
all_titles = sorted(b["title"] for books in library.values() for b in books)
print(all_titles)
