// Visual tools bound into the interpreter: ImagePatch, VideoSegment, backends, cache, traces.
