# Model Workbench sandbox worker (runs inside bubblewrap, or alone in "basic" mode).
#
# One long-lived worker per slot: it reads one request per line on fd 0, compiles the program, has
# one child per program forked, supervises it from outside (wall-clock deadline -> SIGKILL of the
# child's process group, then of every process left over), and answers one JSON line per request on
# fd 1.
#
# The forks come from a "zygote": a copy of the worker made once, after the imports and the
# program environment are in place, that does nothing but read a compiled program, fork, report the
# child's pid and wait for it. Every page a process writes after a fork costs a copy-on-write fault
# (about 15 us on a virtual machine), so the process that forks must write as little as possible
# between forks: the worker's own work per program (JSON, compile, supervision, clean-up) happens in
# a process that never forks again, and the zygote's loop touches a few dozen pages.
#
# The child runs the program the way openai/human-eval does: exec(program, {}) in a fresh temporary
# directory, with the reference's reliability guard and stdin/stdout/stderr swapped for a write-only
# sink. The worker puts that environment in place once, on itself, so that each child inherits it
# instead of building it (every page a child writes costs a copy).
# The verdict is the worker's: with a test, the child runs only prompt + completion + test (the
# program's definitions) and the worker runs check(entry_point) itself, calling the program's
# functions in the child with plain data (JSON) both ways. Nothing the child writes is a verdict;
# the most it can do is choose what its functions return. The time limit is the worker's too: when it
# passes, the child is killed and the program has timed out, whatever it caught.
# Request:  {"id": N, "t": timeout_s, "p": program, "c": test, "e": entry point} (without "c" and
#           "e", a plain program: it passes when it runs to the end, by its own word)
# Response: {"id": N, "s": "passed" | "timed out" | "failed", "r": result string}
# Requests run in order; Node sends the next one before the current verdict (one ahead at most), and
# the worker compiles it while the current program runs.
import builtins
import fcntl
import gc
import io
import json
import marshal
import os
import posix
import resource
import select
import signal
import stat
import sys
import time

# Modules that HumanEval programs use (the reference's evaluator has them loaded when it forks):
# importing them once here makes every forked child cheaper and changes no program's behaviour.
# Deliberately not threading, random or modules importing them (subprocess, tempfile, statistics):
# their at-fork hooks make every fork touch (and so copy) about three times as many pages.
import bisect, collections, contextlib, copy, decimal, faulthandler, fractions, functools  # noqa: E401,F401
import hashlib, heapq, itertools, math, operator, re, shutil, string, typing  # noqa: E401,F401

CFG = json.loads(sys.argv[1])
MODE = CFG["mode"]  # "bwrap" | "basic"
TMP = CFG["tmp"]
MEM = int(CFG["memory"])
NPROC_EXTRA = int(CFG["nproc"])
FSIZE = int(CFG["fsize"])
WORKDIR = TMP + "/w"  # the programs' directory (one program at a time), emptied after each
WORKDIR_ID = None  # its (st_dev, st_ino): the zygote's working directory must stay this one
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_CHILD_SUBREAPER = 1, 4, 36
ERR_FD = 102  # the worker's own stderr (tracebacks reach Node); fd 2 is /dev/null for the programs
NULL_FD = 103
# worker <-> zygote: programs in (CMD), pids and exit statuses out (ST). worker <-> child: the child's
# answers reach the worker on REPLY (fd 3 in the zygote and its children), the worker's calls into the
# program leave it on CALL (fd 4); the worker keeps the children's ends too (DRAIN, KEEP) to clean them.
CMD_W, ST_R, REPLY_R, CALL_W, CALL_DRAIN, REPLY_KEEP = 104, 105, 106, 107, 108, 109
Z_CMD, Z_ST = 104, 105  # the zygote's ends, at the same numbers in its own descriptor table
MARSHALLED, SOURCE = 77, 83  # b"M", b"S": how the zygote gets the program


def _prctl():
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except Exception:  # no ctypes: go without the prctl hardening
        return None


PRCTL = _prctl()


# ---- the program's environment (the reference's, applied once to the worker) ----------------------


class _Sink(io.StringIO):
    """The reference's write-only stream, except that what is written is dropped (bounded)."""

    def write(self, s):
        if not isinstance(s, str):
            return io.StringIO.write(self, s)  # raises the same TypeError as the reference
        return len(s)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def read(self, *args, **kwargs):
        raise IOError

    def readline(self, *args, **kwargs):
        raise IOError

    def readlines(self, *args, **kwargs):
        raise IOError

    def readable(self, *args, **kwargs):
        return False


class _PatchOnImport:
    """Import hook: modules that the reference's evaluator has already imported and patched
    (subprocess.Popen = None by its guard; tempfile with its temporary directory chosen) come patched
    the same way when a program imports them, without every child paying for importing them."""

    patches = {}  # module name -> function(module)

    def __init__(self, loader, patch):
        self.loader, self.patch = loader, patch

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        self.patch(module)

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        patch = cls.patches.pop(name, None)
        if patch is None:
            return None
        import importlib.util

        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            spec.loader = cls(spec.loader, patch)
        return spec


def _no_popen(module):
    module.Popen = None


def _tempdir_from_env(module):
    module.tempdir = os.environ.get("TMPDIR")


def _set_limit(which, value):
    try:
        soft, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY and (value == resource.RLIM_INFINITY or value > hard):
            value = hard
        resource.setrlimit(which, (value, value))
    except (OSError, ValueError):
        pass


def program_environment():
    """Limits, human-eval's reliability_guard (in-process only; not the sandbox) and swallowed stdio,
    on the worker itself: from here on the worker uses posix.* directly. (No SIGALRM: the time limit
    is the worker's, enforced from outside.)"""
    _set_limit(resource.RLIMIT_AS, MEM)
    _set_limit(resource.RLIMIT_DATA, MEM)
    _set_limit(resource.RLIMIT_FSIZE, FSIZE)
    _set_limit(resource.RLIMIT_CORE, 0)
    os.environ["TMPDIR"] = WORKDIR
    os.environ["HOME"] = WORKDIR
    faulthandler.disable()
    builtins.exit = None
    builtins.quit = None
    os.environ["OMP_NUM_THREADS"] = "1"
    for name in ("kill", "system", "putenv", "remove", "removedirs", "rmdir", "fchdir", "setuid", "fork",
                 "forkpty", "killpg", "rename", "renames", "truncate", "replace", "unlink", "fchmod", "fchown",
                 "chmod", "chown", "chroot", "lchflags", "lchmod", "lchown", "getcwd", "chdir"):
        setattr(os, name, None)
    shutil.rmtree = None
    shutil.move = None
    shutil.chown = None
    _PatchOnImport.patches.update({"subprocess": _no_popen, "tempfile": _tempdir_from_env})
    sys.meta_path.insert(0, _PatchOnImport)
    builtins.help = None
    for name in ("ipdb", "joblib", "resource", "psutil", "tkinter"):
        sys.modules[name] = None
    sink = _Sink()
    sys.stdout = sink
    sys.stderr = sink
    sys.stdin = sink


# ---- values between the worker and a child -------------------------------------------------------
#
# Only plain data crosses: None, bools, ints, floats, complex numbers, strings, bytes, lists, tuples,
# dicts, sets and frozensets of exactly those types, as JSON with a tag per container. The worker
# decodes what a child sends into fresh objects of built-in types (no code of the program's can run
# in the worker: no custom __eq__, __hash__ or __del__); anything else is "unsupported". The builtins
# they use are bound when the worker defines them: a program that patches its own builtins changes
# only what its functions compute.


class Unsupported(Exception):
    pass


def encode(v, depth=0, type=type):
    t = type(v)
    if v is None or t is bool or t is str or t is float:
        return v
    if t is int:
        return v if -(1 << 62) < v < (1 << 62) else ["I", "%x" % v]
    if depth > 200:
        raise Unsupported("nested too deeply")
    d = depth + 1
    if t is list:
        return ["l"] + [encode(x, d) for x in v]
    if t is tuple:
        return ["t"] + [encode(x, d) for x in v]
    if t is dict:
        out = ["d"]
        for k, x in v.items():
            out.append(encode(k, d))
            out.append(encode(x, d))
        return out
    if t is set or t is frozenset:
        return ["s" if t is set else "f"] + [encode(x, d) for x in v]
    if t is bytes:
        return ["b", v.hex()]
    if t is complex:
        return ["c", v.real, v.imag]
    raise Unsupported(t.__name__)


def decode(v, depth=0, type=type, len=len):
    t = type(v)
    if t is not list:
        if v is None or t is bool or t is str or t is float or t is int:
            return v
        raise Unsupported("malformed value")
    if not v or depth > 200:
        raise Unsupported("malformed value")
    tag, d = v[0], depth + 1
    if tag == "l":
        return [decode(x, d) for x in v[1:]]
    if tag == "t":
        return tuple(decode(x, d) for x in v[1:])
    if tag == "d":
        if len(v) % 2 != 1:
            raise Unsupported("malformed value")
        return {decode(v[i], d): decode(v[i + 1], d) for i in range(1, len(v), 2)}
    if tag == "s":
        return {decode(x, d) for x in v[1:]}
    if tag == "f":
        return frozenset(decode(x, d) for x in v[1:])
    if len(v) == 2 and tag == "I" and type(v[1]) is str:
        return int(v[1], 16)
    if len(v) == 2 and tag == "b" and type(v[1]) is str:
        return bytes.fromhex(v[1])
    if len(v) == 3 and tag == "c" and type(v[1]) in (int, float) and type(v[2]) in (int, float):
        return complex(v[1], v[2])
    raise Unsupported("malformed value")


def frame(tag, body, len=len):
    """A message on a worker <-> child pipe: tag (1 byte), length (4, little-endian), body."""
    return tag + len(body).to_bytes(4, "little") + body


def _json_encoder():
    """JSON text of a value, by the C encoder alone where there is one: in a child every Python-level
    function and object it touches costs copied pages (json.dumps: twice as many)."""
    try:
        from json.encoder import c_make_encoder, encode_basestring_ascii

        enc = c_make_encoder(None, None, encode_basestring_ascii, None, ":", ",", False, False, True)
        return lambda v, _join="".join, _enc=enc: _join(_enc(v, 0))
    except (ImportError, TypeError):  # no C accelerator
        return json.dumps


to_json = _json_encoder()


def exception_record(e, type=type, str=str, to_json=to_json):
    """JSON [type name, str(e) or None when it cannot be printed] of an exception of the program's."""
    try:
        text = "%s" % (e,)
        if type(text) is not str:
            text = None
    except BaseException:
        text = None
    try:
        name = type(e).__name__
        name = name if type(name) is str else "Exception"
    except BaseException:
        name = "Exception"
    return to_json([name, text]).encode()


# ---- the child ---------------------------------------------------------------------------------------
#
# Requests (from the trusted worker, so marshal): b"C" + marshal (name, args, kwargs): call; b"G" +
# name (UTF-8): look up. Answers: b"V" + JSON value, b"F" + JSON [exception type, text], b"N" + type
# name (a value that cannot be sent), b"K" (callable), b"M" + module name; first of all b"R" + JSON
# [names, callable names] once exec() returned, or b"F".


def _answer(g, tag, body, _mloads=marshal.loads, _to_json=to_json, _encode=encode, type=type, callable=callable):
    """The child's answer (tag, body) to one request of the worker's."""
    try:
        if tag == b"C":
            name, args, kwargs = _mloads(body)
            result = g[name](*args, **kwargs)
        elif tag == b"G":
            result = g[body.decode()]
            if type(result) is type(json):
                return b"M", result.__name__.encode("utf-8", "replace")
            if callable(result):
                return b"K", b""
        else:
            return b"F", _to_json(["Exception", "bad request"]).encode()
    except BaseException as e:
        return b"F", exception_record(e)
    try:
        return b"V", _to_json(_encode(result)).encode()
    except BaseException:
        try:
            return b"N", type(result).__name__.encode("utf-8", "replace")
        except BaseException:
            return b"N", b"object"


def _child(data, kind, nproc, dry=False):
    """In the forked child: confine, exec the program, then serve the worker's calls into it; never
    returns. The child decides nothing: it reports how exec() ended (b"R" with the names the program
    defined and which of them are callable, or b"F" with its exception) and answers calls (b"V"
    value, b"F" exception, b"N" a value that cannot be sent, b"K" callable, b"M" module). The worker
    runs check() itself; whatever this process writes is at most the program's answer. With dry=True (the zygote warming itself up on
    its own programs) it runs the program and a few answers in-process and returns.
    """
    _write, _read, _exit, _len = posix.write, posix.read, posix._exit, len
    _to_json, _frame, _module_type = to_json, frame, type(json)
    try:
        if not dry:
            # the zygote has /dev/null on 0-2, the reply pipe on 3, the call pipe on 4 and us in
            # WORKDIR; the rest (its own descriptors) must go
            posix.setpgid(0, 0)
            posix.closerange(5, 1 << 16)
            if MODE == "basic":
                if PRCTL is not None:
                    PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
                if nproc > 0:
                    _set_limit(resource.RLIMIT_NPROC, nproc)
        # The worker compiled the program exactly as exec(program) would ("<string>", no inherited
        # future flags) and sent the code object; a source is sent only when it cannot be marshalled.
        program = marshal.loads(data) if kind == MARSHALLED else data.decode("utf-8", "surrogatepass")
        del data
    except BaseException:
        if dry:
            raise
        _exit(70)
    g = {}
    try:
        try:
            exec(program, g)
            names = [k for k in g if type(k) is str]
            functions = [k for k in names if callable(g[k]) and type(g[k]) is not _module_type]
            msg = _frame(b"R", _to_json([names, functions]).encode())
        except BaseException as e:
            msg = _frame(b"F", exception_record(e))
        if not dry:
            _serve(g, msg, _read, _write)
    finally:
        if not dry:
            _exit(0)  # whatever happened: a child never returns into the zygote's code
    # the zygote warming up: a conversation like the worker's with a probe function of ours
    g["_wb_probe"] = _probe
    calls = [_frame(b"G", b"_wb_probe")] + [_frame(b"C", marshal.dumps(("_wb_probe", a, {}))) for a in _PROBE_ARGS]
    sent = []
    _serve(g, msg, lambda fd, n: calls.pop(0) if calls else b"", lambda fd, data: sent.append(data) or _len(data))
    return sent


def _probe(*args, **kwargs):
    return [args, kwargs, len(args)]


_PROBE_ARGS = [
    ((1, 2), [1.5, -2.0], "abc"),
    ([[1, 2], [3, 4]], {"a": 1, "b": (2, 3)}),
    ("The quick brown fox", 3, None, True),
    ([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.3),
] * 3


def _serve(g, msg, _read, _write, _len=len, _from=int.from_bytes):
    """Send how exec() ended; after definitions (b"R"), answer the worker's requests until it closes."""
    _answer_, _frame = _answer, frame
    if msg[0:1] == b"R":
        buf = b""
        while True:
            while msg:
                msg = msg[_write(3, msg) :]
            while _len(buf) < 5 or _len(buf) < 5 + _from(buf[1:5], "little"):
                chunk = _read(4, 1 << 16)
                if not chunk:
                    return
                buf += chunk
            n = 5 + _from(buf[1:5], "little")
            tag, body = _answer_(g, buf[0:1], buf[5:n])
            buf = buf[n:]
            msg = _frame(tag, body)
    while msg:
        msg = msg[_write(3, msg) :]


# ---- warming the zygote ------------------------------------------------------------------------------

# The warm-up program (src/sandbox/warm-up.py, passed as our second argument) is our own code, never a
# sample's. A child writes, and so copies, every page whose contents it changes: the interpreter's
# method cache, a function's warm-up counter and specialised bytecode, the caches of typing and
# re, the interned-string table... The zygote runs the program on itself, through the child's own
# code path, so that those are filled once: a tenth of a child's page faults in our measurements.
WARM_UP = sys.argv[2]
# ... and once more ending in a failed assertion, as most samples' programs end
WARM_UP_FAILING = WARM_UP + "assert len('warm') == 3, 'warm-up: expected failure'\n"


def warm_up():
    """Run WARM_UP on the zygote the way a child runs a program (a dry run: no confinement, and a
    conversation with a probe function instead of the worker's calls), passing and failing, until
    the interpreter has specialised that code; never fails."""
    payloads = [marshal.dumps(compile(source, "<string>", "exec", dont_inherit=True)) for source in (WARM_UP, WARM_UP_FAILING)]
    for _ in range(6):
        for data in payloads:
            try:
                _child(data, MARSHALLED, 0, dry=True)
            except BaseException:
                pass
    gc.collect()
    gc.freeze()


# ---- the zygote --------------------------------------------------------------------------------------


def _read_exactly(fd, n, have=b"", _read=posix.read):
    """n bytes from fd (starting with those in have); None at the end of the input."""
    chunks, count = [have], len(have)
    while count < n:
        chunk = _read(fd, n - count)
        if not chunk:
            return None
        chunks.append(chunk)
        count += len(chunk)
    return b"".join(chunks)


def zygote(nproc):
    """Fork one child per program and report on it; never returns. Request on Z_CMD: length (4 bytes),
    time limit in ms (4, not used: the worker enforces it), kind (1), then the program. Answers on Z_ST: b"P" + pid once forked (or b"E"
    + errno), then b"S" + wait status once the child is reaped. Every page this loop writes costs a
    fault after each fork: it calls no function of its own in the usual case."""
    _read, _write, _fork, _waitpid, _exit = posix.read, posix.write, posix.fork, posix.waitpid, posix._exit
    _from, _len, _lost = int.from_bytes, len, _read_exactly
    if MODE == "basic" and PRCTL is not None:
        PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    while True:
        hdr = _read(Z_CMD, 9)
        if _len(hdr) != 9 and (hdr := _lost(Z_CMD, 9, hdr)) is None:
            _exit(0)
        n = _from(hdr[0:4], "little")
        data = _read(Z_CMD, n)
        if _len(data) != n and (data := _lost(Z_CMD, n, data)) is None:
            _exit(0)
        try:
            pid = _fork()
        except OSError as e:
            _write(Z_ST, b"E" + (e.errno or 0).to_bytes(4, "little"))
            continue
        if pid == 0:
            _child(data, hdr[8], nproc)
        _write(Z_ST, b"P" + pid.to_bytes(4, "little"))
        _write(Z_ST, b"S" + (_waitpid(pid, 0)[1] & 0xFFFF).to_bytes(4, "little"))


def start_zygote(nproc):
    """Fork the zygote from the worker as it is now (imports and environment in place, nothing run)."""
    cmd_r, cmd_w = os.pipe()
    st_r, st_w = os.pipe()
    reply_r, reply_w = os.pipe()
    call_r, call_w = os.pipe()
    pairs = ((cmd_w, CMD_W), (st_r, ST_R), (reply_r, REPLY_R), (call_w, CALL_W), (call_r, CALL_DRAIN), (reply_w, REPLY_KEEP))
    for src, dst in pairs:
        os.dup2(src, dst, inheritable=False)
    pid = posix.fork()
    if pid == 0:
        try:
            os.dup2(reply_w, 3)
            os.dup2(call_r, 4)
            os.dup2(cmd_r, Z_CMD, inheritable=False)
            os.dup2(st_w, Z_ST, inheritable=False)
            for fd in (100, 101, 103, REPLY_R, CALL_W, CALL_DRAIN, REPLY_KEEP, cmd_r, cmd_w, st_r, st_w, reply_r, reply_w, call_r, call_w):
                if fd not in (Z_CMD, Z_ST):
                    try:
                        os.close(fd)
                    except OSError:
                        pass
            posix.chdir(WORKDIR)  # inherited by every child
            warm_up()
            zygote(nproc)
        finally:
            posix._exit(1)
    for fd in (cmd_r, cmd_w, st_r, st_w, reply_r, reply_w, call_r, call_w):
        os.close(fd)
    os.set_blocking(REPLY_R, False)  # the worker's own open files (the children use others)
    os.set_blocking(CALL_W, False)
    # CALL_DRAIN stays blocking: it shares its open file with the children's fd 4, who must wait
    return pid


class ZygoteLost(Exception):
    pass


# ---- supervision -------------------------------------------------------------------------------------


def count_own_tasks():
    """Tasks (processes and threads) of this real uid that RLIMIT_NPROC will count."""
    if MODE == "bwrap":
        # our own user and PID namespace: everything visible is ours (the namespace's init and us)
        return sum(1 for p in os.listdir("/proc") if p.isdigit())
    uid, n = os.getuid(), 0
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                if os.stat("/proc/" + p).st_uid == uid:
                    n += len(os.listdir("/proc/%s/task" % p))
            except OSError:
                pass
    return n


def _children_of(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        kids = []
        for p in os.listdir("/proc"):
            if p.isdigit():
                try:
                    with open("/proc/%s/stat" % p, "rb") as f:
                        st = f.read()
                    if int(st[st.rindex(b")") + 2 :].split()[1]) == pid:
                        kids.append(int(p))
                except (OSError, ValueError):
                    pass
        return kids


def _reap(zpid):
    """Reap every finished child of ours (orphans come to us: we are a subreaper); the zygote's death is fatal."""
    while True:
        try:
            pid = os.waitpid(-1, os.WNOHANG)[0]
        except ChildProcessError:
            raise ZygoteLost("the zygote is gone")
        if pid == 0:
            return
        if pid == zpid:
            raise ZygoteLost("the zygote died")


def _others(zpid):
    """Processes that are neither the worker, the zygote nor (bwrap) the namespace's init."""
    me = os.getpid()
    if MODE == "bwrap":
        # alone in our PID namespace: whatever else is visible was started by a program
        return [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, me, zpid)]
    return [k for k in _children_of(me) if k != zpid]


def _kill_leftovers(pgid, zpid):
    """Kill every process the program left behind (they come to us as orphans, or stay in our namespace)."""
    try:
        posix.killpg(pgid, signal.SIGKILL)
    except OSError:
        pass
    for _ in range(10000):
        _reap(zpid)
        left = _others(zpid)
        if not left:
            return
        for k in left:
            try:
                posix.kill(k, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.001)


def _remove(path):
    """Remove a file or a directory tree a program left, whatever modes it set (posix.* only)."""
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode):
        posix.unlink(path)
        return
    posix.chmod(path, 0o700)
    for name in os.listdir(path):
        _remove(path + "/" + name)
    posix.rmdir(path)


def _clear_dir(path):
    for name in os.listdir(path):
        _remove(path + "/" + name)


def _describe_exit(status):
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = str(sig)
        return "failed: program was killed by %s before check() returned" % name
    return "failed: program exited (status %d) before check() returned" % os.WEXITSTATUS(status)


def _failure(e):
    try:
        text = f"failed: {e}"
    except Exception:
        text = "failed: <exception could not be printed>"
    return text.encode("utf-8", "backslashreplace")[:3000].decode("utf-8", "replace")


def _drain(fd, buf=None, limit=64):
    """Read what a non-blocking pipe holds (bounded); append it to buf when one is given."""
    try:
        for _ in range(limit):
            data = os.read(fd, 1 << 16)
            if not data:
                return
            if buf is not None:
                buf += data
    except BlockingIOError:
        pass


def _read_status(timeout):
    """One record from the zygote (tag, value), or ZygoteLost when it is gone or silent."""
    if not select.select([ST_R], [], [], timeout)[0]:
        raise ZygoteLost("the zygote did not answer")
    rec = _read_exactly(ST_R, 5)
    if rec is None:
        raise ZygoteLost("the zygote is gone")
    return rec[0:1], int.from_bytes(rec[1:5], "little")


def payload_for(program):
    """Compile as exec(program) would; the code object travels marshalled (the source if it cannot).
    Returns (kind, bytes), or (None, verdict) for a program that does not compile."""
    try:
        code = compile(program, "<string>", "exec", dont_inherit=True)
    except Exception as e:  # what exec() would have raised in the child: SyntaxError, null bytes, ...
        return None, ("failed", _failure(e))
    try:
        return MARSHALLED, marshal.dumps(code)
    except ValueError:  # e.g. constants nested too deeply for marshal: the child compiles it itself
        return SOURCE, program.encode("utf-8", "surrogatepass")


class Requests:
    """Request lines from Node. Node may send the next request before this one's verdict (two per
    worker at most): it is read and compiled while the current program runs, so that the zygote
    can fork it as soon as the current one is done."""

    def __init__(self, fd):
        self.fd, self.buf, self.queue, self.eof = fd, bytearray(), [], False

    def _read(self):
        data = os.read(self.fd, 1 << 16)
        if not data:
            self.eof = True
            return
        self.buf += data
        while True:
            nl = self.buf.find(b"\n")
            if nl < 0:
                return
            req = json.loads(bytes(self.buf[:nl]))
            del self.buf[: nl + 1]
            self.queue.append([req["id"], req["p"], float(req["t"]), None, req.get("c"), req.get("e")])

    def on_readable(self):
        """Take what Node sent (the fd is readable) and compile the next program."""
        self._read()
        if self.queue and self.queue[0][3] is None:
            self.queue[0][3] = payload_for(self.queue[0][1])
            self.queue[0][1] = None

    def next(self):
        """The next request (id, payload, timeout, test, entry point), waiting for it; None at the end
        of the input. Without a test, a program passes when it runs to the end."""
        while not self.queue and not self.eof:
            self._read()
        if not self.queue:
            return None
        rid, program, timeout, payload, test, entry = self.queue.pop(0)
        return rid, payload if payload is not None else payload_for(program), timeout, test, entry


class _Stop(BaseException):
    """The run is over (the session records why): check() must not go on. Not an Exception, so that
    a check() that catches Exception cannot swallow it (and its verdict ignores it anyway)."""


MAX_MESSAGE = 64 << 20  # the largest answer a child may send (a bigger one fails the program)


class Session:
    """The worker's side of one running program: it sends calls, waits for answers (never past the
    time limit), counts processes and reads Node's next request meanwhile. `end` says why it stopped
    early: "timed out", "too many" (processes), "gone" (the child exited) or "protocol"."""

    def __init__(self, deadline, requests, cap):
        self.deadline, self.requests, self.cap = deadline, requests, cap
        self.buf, self.status, self.end, self.counted = bytearray(), None, None, 0.0
        self.poller = select.poll()
        self.poller.register(REPLY_R, select.POLLIN)
        self.poller.register(ST_R, select.POLLIN)
        if not requests.eof:
            self.poller.register(requests.fd, select.POLLIN)

    def stop(self, why):
        if self.end is None:
            self.end = why
        raise _Stop()

    def _wait(self, out=False):
        """Wait for an answer, the child's exit or room on the call pipe, whatever comes first."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            self.stop("timed out")
        wait_ms = min(remaining * 1000, 20) if self.cap else remaining * 1000
        if out:
            self.poller.register(CALL_W, select.POLLOUT)
        try:
            events = self.poller.poll(max(wait_ms, 0))
        finally:
            if out:
                self.poller.unregister(CALL_W)
        for fd, ev in events:
            if fd == REPLY_R:
                _drain(REPLY_R, self.buf, 1)
                if len(self.buf) > MAX_MESSAGE + 5:
                    self.stop("protocol")
            elif fd == ST_R:
                self.status = _read_status(0)[1]
                _drain(REPLY_R, self.buf)  # what it wrote before it exited
                self.poller.unregister(ST_R)
            elif fd == self.requests.fd:
                self.requests.on_readable()
                if self.requests.eof or self.requests.queue:  # Node sends one request ahead at most
                    self.poller.unregister(self.requests.fd)
        if self.cap and time.monotonic() - self.counted >= 0.02:  # every 20 ms, not on every answer
            self.counted = time.monotonic()
            if sum(1 for e in os.listdir("/proc") if e.isdigit()) > self.cap:
                self.stop("too many")

    def send(self, tag, body):
        if self.end is not None:
            raise _Stop()
        msg = frame(tag, body)
        while msg:
            if self.status is not None:
                self.stop("gone")
            try:
                msg = msg[os.write(CALL_W, msg) :]
            except BlockingIOError:
                self._wait(out=True)

    def receive(self):
        """The child's next message (tag, body)."""
        if self.end is not None:
            raise _Stop()
        while True:
            buf = self.buf
            if len(buf) >= 5:
                n = int.from_bytes(buf[1:5], "little")
                if n > MAX_MESSAGE:
                    self.stop("protocol")
                if len(buf) >= 5 + n:
                    tag, body = bytes(buf[0:1]), bytes(buf[5 : 5 + n])
                    del buf[: 5 + n]
                    return tag, body
            if self.status is not None:
                self.stop("gone")
            self._wait()


def _remote_exception(body):
    """An exception that prints as the program's did, of the built-in class of that name if there is
    one (so that check()'s except clauses see the same class), else of Exception."""
    try:
        name, text = json.loads(body)
    except (ValueError, TypeError):
        name, text = "Exception", None
    base = getattr(builtins, name, None) if type(name) is str else None
    if not (isinstance(base, type) and issubclass(base, BaseException)):
        base = Exception
    text = text if type(text) is str else "<exception could not be printed>"
    try:
        cls = type(base.__name__, (base,), {"__str__": lambda self: text, "__repr__": lambda self: text})
        return cls()
    except TypeError:  # a built-in class that cannot be subclassed
        return Exception(text)


class Opaque:
    """Stands for a value of the program's that cannot be sent (a generator, an object of its own
    classes): equal only to itself, like an object whose class defines no __eq__."""

    __slots__ = ("type_name",)

    def __init__(self, type_name):
        self.type_name = type_name

    def __repr__(self):
        return "<%s object>" % self.type_name


class ProgramNames(dict):
    """The builtins of check() in the worker: a name that the test does not define resolves as in the
    program's namespace (the program's functions become calls into the child), then as a built-in."""

    def __init__(self, session, names, functions):
        # the interpreter looks these up in the dict itself, without __getitem__
        super().__init__(__import__=builtins.__import__, __build_class__=builtins.__build_class__)
        self.session, self.names, self.functions, self.cache = session, names, functions, {}

    def __getitem__(self, name):
        if name in self.cache:
            return self.cache[name]
        if name not in self.names:
            return builtins.__dict__[name]
        s = self.session
        if name in self.functions:  # known callable when exec() returned: no need to ask
            value = self.cache[name] = _remote_function(s, name)
            return value
        s.send(b"G", name.encode("utf-8", "surrogatepass"))
        tag, body = s.receive()
        if tag == b"K":
            value = _remote_function(s, name)
        elif tag == b"M":
            value = _module(body.decode("utf-8", "replace"))
        else:
            value = _answer_value(s, tag, body)
        self.cache[name] = value
        return value


def _module(name):
    """The worker's own copy of a module the program refers to; only one the worker has already
    imported (the program chooses the name: it must not make the worker import anything)."""
    module = sys.modules.get(name)
    if module is None:
        raise ImportError("module %r of the program is not available to check()" % (name,))
    return module


def _answer_value(s, tag, body):
    if tag == b"V":
        try:
            return decode(json.loads(body))
        except (ValueError, TypeError, RecursionError, Unsupported):
            s.stop("protocol")
    if tag == b"F":
        raise _remote_exception(body)
    if tag == b"N":
        return Opaque(body.decode("utf-8", "replace"))
    s.stop("protocol")


def _remote_function(s, name):
    def call(*args, **kwargs):
        try:  # the test's own values: marshal takes built-in types only
            body = marshal.dumps((name, args, kwargs))
        except ValueError as e:
            raise TypeError("check() passed a value the program cannot be given (%s)" % e)
        s.send(b"C", body)
        return _answer_value(s, *s.receive())

    call.__name__ = call.__qualname__ = name
    return call


_TESTS = {}  # (test, entry point) -> compiled test and the call of check(entry_point)


def _compiled_test(test, entry):
    key = (test, entry)
    got = _TESTS.get(key)
    if got is None:
        if len(_TESTS) > 512:
            _TESTS.clear()
        got = (compile(test, "<string>", "exec", dont_inherit=True), compile("check(%s)" % entry, "<string>", "exec", dont_inherit=True))
        _TESTS[key] = got
    return got


def run_checks(session, test, entry):
    """Wait for the program's definitions, then (with a test) run check(entry_point) here, in the
    worker, against the program's functions; None when check() returned, else the exception."""
    tag, body = session.receive()
    if tag == b"F":
        return _remote_exception(body)
    if tag != b"R":
        session.stop("protocol")
    if test is None:
        return None
    try:
        names, functions = json.loads(body)
        names = set(n for n in names if type(n) is str)
        functions = set(n for n in functions if type(n) is str)
    except (ValueError, TypeError):
        session.stop("protocol")
    try:
        test_code, call_code = _compiled_test(test, entry)
    except Exception as e:
        return e
    scope = {"__builtins__": ProgramNames(session, names, functions)}
    try:
        exec(test_code, scope)
        exec(call_code, scope)
    except _Stop:
        raise
    except BaseException as e:  # the reference's "failed: {e}", SystemExit and KeyboardInterrupt included
        return e
    return None


def run_one(payload, timeout, nproc, zpid, requests, test=None, entry=None):
    """Run one program: the child defines it, the worker runs check() against it. The verdict is the
    worker's alone: `passed` only when check() returned here within the time limit."""
    kind, data = payload
    if kind is None:
        return data, True  # it did not compile: no fork needed
    limit_ms = max(0, min(int(timeout * 1000), 0xFFFFFFFF))
    msg = len(data).to_bytes(4, "little") + limit_ms.to_bytes(4, "little") + bytes((kind,)) + data
    del data
    while msg:
        msg = msg[os.write(CMD_W, msg) :]
    tag, pid = _read_status(30)
    if tag == b"E":
        return ("failed", "failed: could not start the program (%s)" % os.strerror(pid)), True
    start = time.monotonic()
    # In bwrap mode the PID namespace is the sandbox's alone: counting /proc now and then also caps
    # processes where RLIMIT_NPROC cannot (a sandbox backed by root).
    cap = (nproc if nproc > 0 else 3 + NPROC_EXTRA) if MODE == "bwrap" else 0
    session = Session(start + timeout, requests, cap)
    try:
        outcome = run_checks(session, test, entry)
    except _Stop:
        outcome = None
    if session.end is None and time.monotonic() > session.deadline:
        session.end = "timed out"  # check() returned, but too late: the limit is the limit
    for target in (pid, -pid):
        try:
            posix.kill(target, signal.SIGKILL)
        except OSError:
            pass
    status = session.status if session.status is not None else _read_status(30)[1]
    _kill_leftovers(pid, zpid)
    # Every writer but the zygote is gone now: nothing a program wrote or left unread on the two
    # pipes may reach the next child.
    _drain(REPLY_R)
    while select.select([CALL_DRAIN], [], [], 0)[0]:
        if not os.read(CALL_DRAIN, 1 << 16):
            break
    # The children's ends of both pipes are open files shared with the next child: undo whatever
    # status flags a program set on them (O_NONBLOCK would break the next child, O_ASYNC signal us).
    for fd in (CALL_DRAIN, REPLY_KEEP):
        fcntl.fcntl(fd, fcntl.F_SETFL, 0)

    if session.end == "timed out":
        verdict = ("timed out", "timed out")
    elif session.end == "too many":
        verdict = ("failed", "failed: more than %d processes (fork bomb stopped)" % (cap - 3))
    elif session.end == "gone":
        verdict = ("failed", _describe_exit(status))
    elif session.end == "protocol":
        verdict = ("failed", "failed: the program wrote on the harness's own channel")
    elif outcome is not None:
        verdict = ("failed", _failure(outcome))
    else:
        verdict = ("passed", "passed")
    return verdict, _clean_up()


def _clean_up():
    """Empty the programs' directory (and, in bwrap, the rest of /tmp and /dev/shm). False when the
    sandbox cannot be trusted with another program: files that will not go, or a directory that is
    not the one the zygote lives in anymore (renamed or replaced by a program)."""
    try:
        st = os.lstat(WORKDIR)
        if not stat.S_ISDIR(st.st_mode) or (st.st_dev, st.st_ino) != WORKDIR_ID:
            return False
        if stat.S_IMODE(st.st_mode) != 0o700:
            posix.chmod(WORKDIR, 0o700)
        _clear_dir(WORKDIR)
        if MODE == "bwrap":
            for name in os.listdir(TMP):
                if name != "w":
                    _remove(TMP + "/" + name)
            if os.path.isdir("/dev/shm"):
                _clear_dir("/dev/shm")
    except OSError:
        return False
    return True


# ---- main --------------------------------------------------------------------------------------------


def _send(fd, obj):
    data = (json.dumps(obj) + "\n").encode("ascii")
    while data:
        data = data[os.write(fd, data) :]


def main():
    # Our own descriptors live above the few a child keeps (0-2: /dev/null, 3: answers, 4: calls),
    # so that a child only has to close everything from 5 up.
    req_fd, resp_fd = os.dup2(0, 100, inheritable=False), os.dup2(1, 101, inheritable=False)
    os.dup2(2, ERR_FD, inheritable=False)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, NULL_FD, inheritable=False)
    if null > 4:
        os.close(null)
    for fd in (0, 1, 2, 3, 4):
        os.dup2(NULL_FD, fd)
    if PRCTL is not None:
        PRCTL(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        if MODE == "basic":
            PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        # Not dumpable: samples (same uid) cannot ptrace us or open /proc/<us>/{mem,fd,environ}.
        PRCTL(PR_SET_DUMPABLE, 0, 0, 0, 0)
    drop = CFG.get("drop_uid")
    if drop is not None:
        os.setgroups([])
        os.setgid(drop)
        os.setuid(drop)
    os.chdir(TMP)
    # the zygote is one more task of ours for the whole life of the sandbox
    nproc = count_own_tasks() + 1 + NPROC_EXTRA if NPROC_EXTRA > 0 else 0
    if MODE == "bwrap" and nproc > 0:
        _set_limit(resource.RLIMIT_NPROC, nproc)  # counted per sandbox: the children inherit it
    global WORKDIR_ID
    os.mkdir(WORKDIR, 0o700)
    st = os.lstat(WORKDIR)
    WORKDIR_ID = (st.st_dev, st.st_ino)
    program_environment()
    gc.collect()
    gc.freeze()
    zpid = start_zygote(nproc)
    _send(resp_fd, {"ready": True, "pid": os.getpid(), "python": sys.version.split()[0], "nproc": nproc})
    requests = Requests(req_fd)
    while True:
        req = requests.next()
        if req is None:
            return
        rid, payload, timeout, test, entry = req
        if test is not None and (type(test) is not str or type(entry) is not str or not entry.isidentifier()):
            raise ValueError("request %r: a test needs an entry point that is an identifier" % (rid,))
        (status, result), clean = run_one(payload, timeout, nproc, zpid, requests, test, entry)
        del req, payload
        _send(resp_fd, {"id": rid, "s": status, "r": result})
        if not clean:
            return  # leave the sandbox to be replaced: its temporary files could not be removed


def _fd_open(fd):
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False


if __name__ == "__main__":
    try:
        main()
    except ZygoteLost as e:
        # a program killed it (or the worker itself): end this sandbox, the pool starts a fresh one
        os.write(ERR_FD, ("sandbox zygote lost: %s\n" % e).encode())
        posix._exit(1)
    except BaseException:
        import traceback

        os.write(ERR_FD if _fd_open(ERR_FD) else 2, traceback.format_exc().encode("utf-8", "replace"))
        posix._exit(1)
