"""Client for `relax serve`: the omega learner as a service, for simulations in Python.

Standard library only. Protocol: docs/petsc.md and python/serve-protocol.schema.json (JSON lines:
hello, predict, observe, summary, save).

For a simulation, use `Steering`: it never raises and never blocks a solve for long. Every call
has a timeout (default 2 s); on any failure (service killed, stopped, refusing, unreachable) it
returns the last learned omega (or `default_omega`), counts the step as a fallback, and
reconnects in the background of later steps with exponential back-off, resuming the session from
its state file.

    from relax_client import Steering
    steer = Steering("chebcb", seed=1, context_range=(0, 10), state_file="heat.relax-serve.json")
    for step in range(steps):
        omega = steer.omega(context=kappa)
        iterations, converged, seconds = solve(omega)
        steer.observe(iterations, converged, seconds, next_context=next_kappa)
    steer.close()
    print(steer.fallback_steps, "steps ran on the fallback omega")

Round trips are pipelined: `observe` writes the step's report and the next step's predict (with
`next_context`) without waiting, and the next `omega` reads the reply, so the service answers
while the simulation assembles its next system; the omegas are exactly those of a blocking
client. `every=k` asks the service every k-th step only (the steps between reuse its omega and
are not reported; the asked step's report goes with the next predict); `asynchronous=True` talks to the service from a thread, so a slow service never
delays a solve by more than `async_wait` (default 5 ms): a step whose omega has not arrived by
then runs on the previous one (counted as a fallback) and the late omega serves the next step.

`RelaxClient` is the strict, low-level connection (raises RelaxError; used by Steering).

How the service is started over stdio, first match wins: the `command` argument (a list), the
RELAX_SERVE environment variable (a shell-style command line), `node <repo>/dist/cli.js serve`
found relative to this file (not the working directory), `relax serve` on PATH. Over TCP (a
server started with `relax serve --port P --token T`): port=P, token=T.
"""

import collections
import json
import os
import select
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

__all__ = ["RelaxClient", "RelaxError", "Steering", "default_command"]

DEFAULT_TIMEOUT = 2.0


class RelaxError(Exception):
    """A request failed: the service refused it (its message, naming the problem), or the
    connection failed (closed, timed out, could not be started)."""

    def __init__(self, reply):
        super().__init__(reply.get("error", "relax serve error"))
        self.reply = reply


def _package_cli():
    """dist/cli.js of the repository this file lives in, or None."""
    here = os.path.dirname(os.path.abspath(__file__))
    for root in (os.path.dirname(here), here):
        candidate = os.path.join(root, "dist", "cli.js")
        if os.path.exists(candidate):
            return candidate
    return None


def default_command():
    """The command line that starts `relax serve` on stdio, as a list; RelaxError when none is found."""
    env = os.environ.get("RELAX_SERVE")
    if env:
        return shlex.split(env)
    bundled = _package_cli()
    node = shutil.which("node")
    if bundled and node:
        return [node, bundled, "serve"]
    relax = shutil.which("relax")
    if relax:
        return [relax, "serve"]
    where = f"found {bundled} but no `node` on PATH" if bundled else "no dist/cli.js next to this package and no `relax` on PATH"
    raise RelaxError({"error": f"cannot find relax serve ({where}): set RELAX_SERVE='node /path/to/relax/dist/cli.js serve'"})


class _NoSigpipe:
    """Blocks SIGPIPE around a write, then discards one that the write raised.

    PETSc installs a SIGPIPE handler that aborts the run (MPI_ABORT); a write to a dead service
    must instead fail with EPIPE, which the caller handles. Blocking is per thread, so this works
    in the asynchronous worker thread too.
    """

    def __enter__(self):
        self._old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPIPE})
        return self

    def __exit__(self, *exc):
        if signal.SIGPIPE in signal.sigpending():
            signal.sigtimedwait({signal.SIGPIPE}, 0)
        signal.pthread_sigmask(signal.SIG_SETMASK, self._old)
        return False


class RelaxClient:
    """A connection to one `relax serve` session. One request at a time; every call times out
    after `timeout` seconds (RelaxError), so a stopped or hung service never blocks forever."""

    def __init__(self, command=None, port=None, host="127.0.0.1", token=None, timeout=DEFAULT_TIMEOUT):
        self._token = token
        self._timeout = timeout
        self._process = None
        self._socket = None
        self._buffer = b""
        self._owed = None  # (replies, deadline) of a send not yet received
        if port is not None:
            try:
                self._socket = socket.create_connection((host, port), timeout=timeout)
            except OSError as e:
                raise RelaxError({"error": f"cannot connect to relax serve on {host}:{port}: {e}"}) from None
            self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._socket.setblocking(False)
            self._read_fd = self._write_fd = self._socket.fileno()
        else:
            argv = command or default_command()
            try:
                self._process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
            except OSError as e:
                raise RelaxError({"error": f"cannot start relax serve with {shlex.join(argv)}: {e}"}) from None
            self._read_fd = self._process.stdout.fileno()
            self._write_fd = self._process.stdin.fileno()
            os.set_blocking(self._read_fd, False)
            os.set_blocking(self._write_fd, False)

    @property
    def pid(self):
        """Process id of the service this client started (stdio), else None."""
        return self._process.pid if self._process is not None else None

    def _send(self, text, deadline):
        data = text.encode("utf-8")
        if self._socket is not None:
            self._write_all(data, deadline)  # MSG_NOSIGNAL: no SIGPIPE from a socket
            return
        with _NoSigpipe():
            self._write_all(data, deadline)

    def _write_all(self, data, deadline):
        while data:
            # Written at once when the pipe or socket has room (the usual case); else wait for room.
            try:
                if self._socket is not None:
                    n = self._socket.send(data, socket.MSG_NOSIGNAL)
                else:
                    n = os.write(self._write_fd, data)
            except BlockingIOError:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise RelaxError({"error": f"relax serve did not accept the request within {self._timeout} s"}) from None
                select.select([], [self._write_fd], [], remaining)
                continue
            except OSError as e:
                raise RelaxError({"error": f"relax serve connection lost: {e}"}) from None
            data = data[n:]

    def _read_line(self, deadline):
        while b"\n" not in self._buffer:
            # Read first, wait only when nothing is there: a pipelined reply is usually waiting
            # already, and a reply that is waiting counts even past the deadline (it is read only
            # when the simulation next needs it, which may be long after it arrived).
            try:
                chunk = self._socket.recv(65536) if self._socket is not None else os.read(self._read_fd, 65536)
            except BlockingIOError:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise RelaxError({"error": f"relax serve did not reply within {self._timeout} s"}) from None
                select.select([self._read_fd], [], [], remaining)
                continue
            except OSError as e:
                raise RelaxError({"error": f"relax serve connection lost: {e}"}) from None
            if not chunk:
                raise RelaxError({"error": "relax serve closed the connection"})
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            return json.loads(line)
        except ValueError:
            raise RelaxError({"error": f"relax serve sent a line that is not JSON: {line[:80]!r}"}) from None

    def exchange(self, messages):
        """Writes the messages (dicts) in one write and returns their replies, in order; raises
        RelaxError on the first error reply or when the whole exchange exceeds the timeout."""
        self.send(messages)
        return self.receive()

    def send(self, messages):
        """Writes the messages (dicts) in one write without waiting for their replies (read them
        with receive); replies still owed from an earlier send are read first."""
        if self._owed:
            self.receive()
        deadline = time.monotonic() + self._timeout
        self._send("".join(json.dumps(m, separators=(",", ":")) + "\n" for m in messages), deadline)
        self._owed = (len(messages), deadline)

    @property
    def owes_replies(self):
        """Whether a send's replies have not been read yet."""
        return self._owed is not None

    def receive(self):
        """The replies to the last send, in order (each within the timeout from that send); raises
        RelaxError on the first error reply."""
        count, deadline = self._owed or (0, 0.0)
        self._owed = None
        replies = [self._read_line(deadline) for _ in range(count)]
        for reply in replies:
            if not reply.get("ok"):
                raise RelaxError(reply)
        return replies

    def request(self, message):
        """Sends one message (a dict) and returns the reply; raises RelaxError on an error reply."""
        return self.exchange([message])[0]

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

    @staticmethod
    def _predict_message(context, jacobi_rho=None):
        message = {"type": "predict"}
        if context is not None:
            message["context"] = float(context)
        if jacobi_rho is not None:
            message["jacobiRho"] = float(jacobi_rho)
        return message

    @staticmethod
    def _observe_message(prediction_id, iterations, converged, seconds):
        message = {"type": "observe", "id": prediction_id, "iterations": int(iterations), "converged": bool(converged)}
        if seconds is not None:
            message["seconds"] = float(seconds)
        return message

    def predict(self, context=None, jacobi_rho=None):
        """Returns (omega, id) for the next solve; `jacobi_rho`: this step's Jacobi spectral radius
        estimate, for the `auto` learner (see relax_petsc.jacobi_radius)."""
        reply = self.request(self._predict_message(context, jacobi_rho))
        return reply["omega"], reply["id"]

    def observe(self, prediction_id, iterations, converged, seconds=None):
        """Reports the solve at the predicted omega: iterations (the cap if unconverged), converged, wall seconds."""
        return self.request(self._observe_message(prediction_id, iterations, converged, seconds))

    def observe_and_predict(self, prediction_id, iterations, converged, seconds=None, context=None):
        """Reports one solve and asks for the next omega in one round trip; returns (omega, id)."""
        replies = self.exchange([self._observe_message(prediction_id, iterations, converged, seconds), self._predict_message(context)])
        return replies[1]["omega"], replies[1]["id"]

    def begin_observe_and_predict(self, prediction_id, iterations, converged, seconds=None, context=None):
        """observe_and_predict without waiting: the reply is read by finish_predict (or by the next call)."""
        self.send([self._observe_message(prediction_id, iterations, converged, seconds), self._predict_message(context)])

    def begin_observe(self, prediction_id, iterations, converged, seconds=None):
        """observe without waiting: its reply is read by the next call."""
        self.send([self._observe_message(prediction_id, iterations, converged, seconds)])

    def finish_predict(self):
        """(omega, id) of the prediction a begin_observe_and_predict asked for."""
        reply = self.receive()[-1]
        return reply["omega"], reply["id"]

    def summary(self):
        return self.request({"type": "summary"})

    def save(self):
        return self.request({"type": "save"})

    def close(self, wait=30.0):
        """Ends the session; the service saves unsaved state before it exits. A service that does
        not exit within `wait` seconds (stopped, hung) is killed."""
        if self._process is not None:
            try:
                self._process.stdin.close()
            except OSError:
                pass
            try:
                self._process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process.stdout.close()
            self._process = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def kill(self):
        """Drops the connection at once; a service this client started is killed (SIGKILL)."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
        self.close(wait=0)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class Steering:
    """Omega for each step of a simulation, learned by `relax serve`, without ever hurting the
    simulation: no call raises, each waits at most `timeout` seconds, and a step the service
    cannot serve runs on the last learned omega (or `default_omega`), counted in
    `fallback_steps`. After a failure a background thread re-establishes the connection (no
    sooner than the back-off: `backoff` seconds, doubling up to `max_backoff`) and the session
    resumes from `state_file`; the simulation never waits for a service to start, except up to
    `start_timeout` seconds for the very first connection.

    Arguments after `learner` and `seed` are those of RelaxClient.hello and RelaxClient;
    `warn` receives one line per new failure and per reconnection (default: stderr).
    """

    def __init__(self, learner, seed, grid=None, range=None, points=None, context_range=None, state_file=None, save_every=None,
                 solver=None, command=None, port=None, host="127.0.0.1", token=None, timeout=DEFAULT_TIMEOUT,
                 start_timeout=20.0, default_omega=1.0, every=1, asynchronous=False, async_wait=0.005, backoff=0.2, max_backoff=10.0,
                 warn=None):
        if not (isinstance(every, int) and every >= 1):
            raise ValueError(f"every must be a positive integer, got {every!r}")
        if not (0.0 < float(default_omega) < 2.0):
            raise ValueError(f"default_omega must lie in (0, 2), got {default_omega!r}")
        self._hello = dict(learner=learner, seed=seed, grid=grid, range=range, points=points, context_range=context_range,
                           state_file=state_file, save_every=save_every, solver=solver)
        self._command, self._port, self._host, self._token = command, port, host, token
        self._timeout = timeout
        self._start_timeout = start_timeout
        self.default_omega = float(default_omega)
        self.every = every
        self.asynchronous = asynchronous
        self.async_wait = async_wait
        self._backoff0 = backoff
        self._backoff = backoff
        self._max_backoff = max_backoff
        self._warn = warn if warn is not None else (lambda line: sys.stderr.write(f"relax: {line}\n"))
        self._lock = threading.Condition(threading.RLock())
        self._client = None
        self._generation = 0  # counts connections: a prediction is only observed on its own connection
        self._connecting = False
        self._closing = False
        self._step = 0
        self._omega = None
        self._pending = None  # (omega, id, generation): received, not yet used
        self._in_use = None  # (id, generation) of the prediction this step runs on
        # Synchronous mode pipelines: a step's observe (and the next step's predict) is written
        # right after its solve and read when the next omega is needed, so the service works while
        # the simulation assembles the next system. With every=k the observe waits for the next ask.
        self._held = None  # (id, generation, iterations, converged, seconds): an observe not yet sent
        self._inflight = None  # (generation, observes, predicts): a send whose replies are unread
        self._jobs = collections.deque()
        self._busy = False
        self.fallback_steps = 0
        self.learned_steps = 0
        self.observed_steps = 0  # observes the service acknowledged (saved when saveEvery is 1)
        self.reconnects = 0
        self.failures = 0
        self.last_error = None
        self.resumed_steps = None
        self._worker = None
        if asynchronous:
            self._worker = threading.Thread(target=self._work, name="relax-steering", daemon=True)
            self._worker.start()
        self._attempts = 0
        with self._lock:
            self._start_connecting(0.0)
            # The first attempt only: a service that cannot start is reported and the run goes on.
            deadline = time.monotonic() + start_timeout
            while self._attempts == 0 and time.monotonic() < deadline:
                self._lock.wait(deadline - time.monotonic())

    # -- connection -------------------------------------------------------------------------

    def _start_connecting(self, delay):
        """Starts the background (re)connection unless one runs; call with the lock held."""
        if self._connecting or self._client is not None or self._closing:
            return
        self._connecting = True
        threading.Thread(target=self._connect_loop, args=(delay,), name="relax-connect", daemon=True).start()

    def _connect_loop(self, delay):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPIPE})
        while True:
            with self._lock:
                end = time.monotonic() + delay
                while not self._closing and time.monotonic() < end:
                    self._lock.wait(end - time.monotonic())
                if self._closing:
                    self._connecting = False
                    self._lock.notify_all()
                    return
            client = None
            try:
                client = RelaxClient(command=self._command, port=self._port, host=self._host, token=self._token, timeout=self._start_timeout)
                reply = client.hello(**self._hello)
                client._timeout = self._timeout
            except RelaxError as e:
                if client is not None:
                    client.kill()
                self._note_failure(e)
                with self._lock:
                    self._attempts += 1
                    self._lock.notify_all()
                    delay = self._backoff
                    self._backoff = min(self._max_backoff, 2.0 * self._backoff)
                continue
            with self._lock:
                if self.resumed_steps is not None or self.failures > 0:
                    self.reconnects += 1
                    self._warn(f"connected to relax serve; session at step {reply.get('steps')}")
                self.resumed_steps = reply.get("steps")
                self.last_error = None
                self._backoff = self._backoff0
                self._generation += 1
                self._client = client
                self._connecting = False
                self._attempts += 1
                self._lock.notify_all()
            return

    def _note_failure(self, error):
        with self._lock:
            self.failures += 1
            message = str(error)
            if message != self.last_error:
                self._warn(f"{message}; steps run on omega {self._fallback_omega():.6g} until it is back")
            self.last_error = message

    def _fail(self, client, error):
        """Drops `client` after a failed call and starts reconnecting."""
        self._note_failure(error)
        with self._lock:
            if self._client is client:
                self._client = None
                self._pending = None
            self._start_connecting(self._backoff)
        # A service this client started that failed (killed, stopped, hung) is killed so a fresh
        # one can take over its state file.
        client.kill()

    def _fallback_omega(self):
        return self._omega if self._omega is not None else self.default_omega

    def _current(self):
        with self._lock:
            return self._client, self._generation

    # -- the per-step calls -----------------------------------------------------------------

    def omega(self, context=None, jacobi_rho=None):
        """The omega for this step's solve: learned when the service answers in time, else the
        fallback. `jacobi_rho` (for `auto`) goes with a predict made now, not with one the previous
        observe already made. Never raises."""
        asks = self._step % self.every == 0
        self._step += 1
        if not asks:
            return self._use(None, False)
        if self.asynchronous:
            with self._lock:
                if self._pending is None and not self._asking_queued() and self._client is not None:
                    self._jobs.append(("predict", context, jacobi_rho))
                    self._lock.notify_all()
                # A healthy service answers in well under a millisecond: wait that long, never more
                # than async_wait, then run the step on the previous omega.
                deadline = time.monotonic() + self.async_wait
                while self._pending is None and self._asking_queued() and time.monotonic() < deadline:
                    self._lock.wait(deadline - time.monotonic())
                return self._use(self._pending, True)
        client, generation = self._current()
        if client is not None and not self._settle(client, generation):
            client = None
        with self._lock:
            prediction = self._pending
        if prediction is None and client is not None:
            held = self._take_held(generation)
            try:
                replies = client.exchange(held + [RelaxClient._predict_message(context, jacobi_rho)])
                self.observed_steps += len(held)
                prediction = (replies[-1]["omega"], replies[-1]["id"], generation)
            except RelaxError as e:
                self._fail(client, e)
        return self._use(prediction, True)

    def observe(self, iterations, converged, seconds=None, next_context=None):
        """Reports this step's solve (only when it ran on a learned omega). With `next_context`,
        the next step's omega is asked for in the same round trip. Never raises."""
        with self._lock:
            in_use, self._in_use = self._in_use, None
        ask = self._step % self.every == 0 and next_context is not None
        if not self.asynchronous:
            self._pipeline(in_use, iterations, converged, seconds, next_context if ask else None)
            return
        if in_use is None:
            return
        pid, generation = in_use
        with self._lock:
            self._jobs.append(("observe", pid, generation, iterations, converged, seconds, next_context if ask else None))
            self._lock.notify_all()

    # -- synchronous mode: pipelined round trips ------------------------------------------------

    def _pipeline(self, in_use, iterations, converged, seconds, next_context):
        """Holds this step's observe; with `next_context` (the next step asks) writes it and the
        next predict at once, without waiting for the replies."""
        if in_use is not None:
            self._held = (in_use[0], in_use[1], iterations, converged, seconds)
        if next_context is None:
            return
        client, generation = self._current()
        if client is None or not self._settle(client, generation):
            return
        held = self._take_held(generation)
        try:
            client.send(held + [RelaxClient._predict_message(next_context)])
            self._inflight = (generation, len(held), True)
        except RelaxError as e:
            self._fail(client, e)

    def _take_held(self, generation):
        """The held observe as a message list (empty when none, or when it was made on an earlier connection)."""
        held, self._held = self._held, None
        if held is None or held[1] != generation:
            return []
        pid, _, iterations, converged, seconds = held
        return [RelaxClient._observe_message(pid, iterations, converged, seconds)]

    def _settle(self, client, generation):
        """Reads the replies of the pipelined send, if any: the observe is counted, the prediction
        becomes pending. Returns False when the connection failed (the step falls back)."""
        inflight, self._inflight = self._inflight, None
        if inflight is None or inflight[0] != generation or not client.owes_replies:
            return True
        _, observes, predicts = inflight
        try:
            replies = client.receive()
        except RelaxError as e:
            self._fail(client, e)
            return False
        self.observed_steps += observes
        if predicts:
            with self._lock:
                self._pending = (replies[-1]["omega"], replies[-1]["id"], generation)
        return True

    def _flush(self):
        """Synchronous mode: reads what is in flight and sends the held observe, so the service has
        every step before a summary or the end of the session."""
        client, generation = self._current()
        if client is None or not self._settle(client, generation):
            return
        held = self._take_held(generation)
        if not held:
            return
        try:
            client.exchange(held)
            self.observed_steps += len(held)
        except RelaxError as e:
            self._fail(client, e)

    def _use(self, prediction, asks):
        """The omega of `prediction` (omega, id, generation), remembered for observe; without one,
        the learned omega between asks (every=k) or the fallback."""
        with self._lock:
            if prediction is None:
                if not asks and self._omega is not None:
                    return self._omega
                self.fallback_steps += 1
                return self._fallback_omega()
            self._pending = None
            self._in_use = (prediction[1], prediction[2])
            self._omega = prediction[0]
            self.learned_steps += 1
            return self._omega

    # -- asynchronous mode ------------------------------------------------------------------

    def _asking_queued(self):
        """Whether a predict is queued or in flight (call with the lock held)."""
        return self._busy or any(job[0] == "predict" or (job[0] == "observe" and job[6] is not None) for job in self._jobs)

    def _work(self):
        """Worker thread: runs queued round trips one at a time; predictions land in _pending."""
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPIPE})
        while True:
            with self._lock:
                while not self._jobs and not self._closing:
                    self._lock.wait()
                if not self._jobs:
                    return
                job = self._jobs.popleft()
                self._busy = True
            client, generation = self._current()
            result = None
            try:
                if client is None:
                    pass
                elif job[0] == "predict":
                    omega, pid = client.predict(job[1], job[2])
                    result = (omega, pid, generation)
                elif job[2] == generation:
                    _, pid, _, iterations, converged, seconds, next_context = job
                    if next_context is not None:
                        omega, next_pid = client.observe_and_predict(pid, iterations, converged, seconds, context=next_context)
                        result = (omega, next_pid, generation)
                    else:
                        client.observe(pid, iterations, converged, seconds)
                    self.observed_steps += 1
            except RelaxError as e:
                self._fail(client, e)
            with self._lock:
                if result is not None and result[2] == self._generation:
                    self._pending = result
                self._busy = False
                self._lock.notify_all()

    def _drain(self):
        with self._lock:
            while self._jobs or self._busy:
                self._lock.wait()

    # -- end --------------------------------------------------------------------------------

    def summary(self):
        """The client's counts and the service's summary (None when it is unreachable). Never raises."""
        if self._worker is not None:
            self._drain()
        else:
            self._flush()
        service = None
        client, _ = self._current()
        if client is not None:
            try:
                service = client.summary()
            except RelaxError as e:
                self._fail(client, e)
        return {"service": service, "fallbackSteps": self.fallback_steps, "learnedSteps": self.learned_steps, "observedSteps": self.observed_steps,
                "reconnects": self.reconnects, "failures": self.failures, "lastError": self.last_error}

    def close(self):
        """Sends what is queued, ends the session (the service saves its state). Never raises."""
        if self._worker is not None:
            self._drain()
        else:
            self._flush()
        with self._lock:
            self._closing = True
            self._lock.notify_all()
            client, self._client = self._client, None
        if self._worker is not None:
            self._worker.join()
            self._worker = None
        if client is not None:
            client.close(wait=5 * self._timeout)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
