// The program language: lexer, parser, checker, evaluator, host bindings.
