// Controllers, prompt building, self-debugging.
