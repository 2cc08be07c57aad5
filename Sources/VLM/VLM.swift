// The model engine: tensors, kernels, loaders, tokenizer, Gemma, SigLIP, PaliGemma, generation.
