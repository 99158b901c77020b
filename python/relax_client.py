"""Client for `relax serve`: the omega learner as a service, for simulations in Python.

One file, standard library only; copy it next to your simulation. Protocol: docs/petsc.md and
python/serve-protocol.schema.json (JSON lines: hello, predict, observe, summary, save).

    from relax_client import RelaxClient
    with RelaxClient() as relax:                       # starts `relax serve` over stdio
        relax.hello("tsallis-inf", seed=1, state_file="run.relax-serve.json")
        for step in range(steps):
            omega, pid = relax.predict(context=kappa)
            iterations, converged, seconds = solve(omega)
            relax.observe(pid, iterations, converged, seconds)
    # observe_and_predict(pid, iterations, converged, seconds, context=next_kappa) does both in
    # one round trip when the next step's context is known.

Over TCP (a server started with `relax serve --port P --token T`):
    RelaxClient(port=P, token=T)

How the server is started over stdio, first match wins: the `command` argument (a list), the
RELAX_SERVE environment variable (a shell-style command line), `node <repo>/dist/cli.js serve`
next to this file, `relax serve` on PATH.
"""

import json
import os
import shlex
import shutil
import socket
import subprocess

__all__ = ["RelaxClient", "RelaxError", "default_command"]


class RelaxError(Exception):
    """The service refused a request; the message is the service's, naming the problem."""

    def __init__(self, reply):
        super().__init__(reply.get("error", "relax serve error"))
        self.reply = reply


def default_command():
    """The command line that starts `relax serve` on stdio, as a list."""
    env = os.environ.get("RELAX_SERVE")
    if env:
        return shlex.split(env)
    here = os.path.dirname(os.path.abspath(__file__))
    bundled = os.path.join(os.path.dirname(here), "dist", "cli.js")
    if os.path.exists(bundled):
        return [shutil.which("node") or "node", bundled, "serve"]
    relax = shutil.which("relax")
    if relax:
        return [relax, "serve"]
    raise RuntimeError("cannot find relax: set RELAX_SERVE='node /path/to/dist/cli.js serve' or put relax on PATH")


class RelaxClient:
    """A connection to one `relax serve` session. Not thread-safe; one request at a time."""

    def __init__(self, command=None, port=None, host="127.0.0.1", token=None):
        self._token = token
        self._process = None
        self._socket = None
        if port is not None:
            self._socket = socket.create_connection((host, port))
            self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._reader = self._socket.makefile("r", encoding="utf-8", newline="\n")
            self._writer = self._socket.makefile("w", encoding="utf-8", newline="\n")
        else:
            self._process = subprocess.Popen(
                command or default_command(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                bufsize=1,
            )
            self._reader = self._process.stdout
            self._writer = self._process.stdin

    def request(self, message):
        """Sends one message (a dict) and returns the reply; raises RelaxError on an error reply."""
        self._writer.write(json.dumps(message, separators=(",", ":")) + "\n")
        self._writer.flush()
        reply = self._read_reply()
        if not reply.get("ok"):
            raise RelaxError(reply)
        return reply

    def _read_reply(self):
        line = self._reader.readline()
        if not line:
            raise RelaxError({"error": "relax serve closed the connection"})
        return json.loads(line)

    def hello(self, learner, seed, grid=None, range=None, points=None, context_range=None, state_file=None, save_every=None, solver=None):
        """Starts (or, when state_file exists, resumes) the learner; returns the hello reply."""
        message = {"type": "hello", "learner": learner, "seed": seed}
        optional = {
            "grid": grid,
            "range": list(range) if range is not None else None,
            "points": points,
            "contextRange": list(context_range) if context_range is not None else None,
            # Over TCP the service accepts only a plain name inside its --state-dir.
            "stateFile": (state_file if self._socket is not None else os.path.abspath(state_file)) if state_file is not None else None,
            "saveEvery": save_every,
            "solver": solver,
            "token": self._token,
        }
        message.update({k: v for k, v in optional.items() if v is not None})
        return self.request(message)

    def predict(self, context=None):
        """Returns (omega, id) for the next solve."""
        message = {"type": "predict"} if context is None else {"type": "predict", "context": float(context)}
        reply = self.request(message)
        return reply["omega"], reply["id"]

    def observe(self, prediction_id, iterations, converged, seconds=None):
        """Reports the solve at the predicted omega: iterations (the cap if unconverged), converged, wall seconds."""
        message = {"type": "observe", "id": prediction_id, "iterations": int(iterations), "converged": bool(converged)}
        if seconds is not None:
            message["seconds"] = float(seconds)
        return self.request(message)

    def observe_and_predict(self, prediction_id, iterations, converged, seconds=None, context=None):
        """Reports one solve and asks for the next omega in one round trip; returns (omega, id).

        The two requests are written together and their replies read in order (the protocol
        answers every line, in order), so a time-stepping loop waits for the service once per step.
        """
        observe = {"type": "observe", "id": prediction_id, "iterations": int(iterations), "converged": bool(converged)}
        if seconds is not None:
            observe["seconds"] = float(seconds)
        predict = {"type": "predict"} if context is None else {"type": "predict", "context": float(context)}
        self._writer.write(json.dumps(observe, separators=(",", ":")) + "\n" + json.dumps(predict, separators=(",", ":")) + "\n")
        self._writer.flush()
        replies = [self._read_reply(), self._read_reply()]
        for reply in replies:
            if not reply.get("ok"):
                raise RelaxError(reply)
        return replies[1]["omega"], replies[1]["id"]

    def summary(self):
        return self.request({"type": "summary"})

    def save(self):
        return self.request({"type": "save"})

    def close(self):
        """Ends the session; the service saves unsaved state before it exits."""
        if self._process is not None:
            self._process.stdin.close()
            self._process.wait(timeout=30)
            self._process.stdout.close()
            self._process = None
        if self._socket is not None:
            self._writer.close()
            self._reader.close()
            self._socket.close()
            self._socket = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
