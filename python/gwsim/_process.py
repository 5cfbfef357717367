"""Simulations run in a child process: the gwsim command of this build or installation.

SimGrid's simulated clock cannot be reset within a process, so each run needs a fresh process. The child is the
gwsim command itself (exec'd, not a fork of the Python process): the same code path, checks and exit codes as on
the command line, safe from a notebook's threads, and a crash of the child is an exception here, never a crash of
the interpreter. docs/python.md gives the measured cost. Python's subprocess waits without holding the GIL and kills
the child if the wait is interrupted (Ctrl-C in a notebook).
"""
import os
import shutil
import signal
import subprocess

from . import _location
from ._errors import GwsimError

EXIT_OK = 0
EXIT_INVALID_INPUT = 2


def binary():
    """The gwsim command: $GWSIM_BINARY, else the one this package was built or installed with, else gwsim on PATH."""
    explicit = os.environ.get("GWSIM_BINARY")
    if explicit:
        if not os.access(explicit, os.X_OK):
            raise GwsimError(f"GWSIM_BINARY={explicit} is not an executable file")
        return explicit
    built = _location.BINARY
    if _location.RELATIVE_TO_PACKAGE:
        built = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), built))
    if os.access(built, os.X_OK):
        return built
    on_path = shutil.which("gwsim")
    if on_path:
        return on_path
    raise GwsimError(f"cannot find the gwsim command (looked for {built}, then on PATH); set GWSIM_BINARY to it")


class Completed:
    """What a gwsim process did: its exit code and output."""

    def __init__(self, args, returncode, stdout, stderr):
        self.args, self.returncode, self.stdout, self.stderr = args, returncode, stdout, stderr


def run_gwsim(args, timeout=None):
    """Runs `gwsim ARGS...` and returns a Completed; raises GwsimError when it cannot start, times out or dies."""
    command = [binary()] + list(args)
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise GwsimError(f"gwsim {args[0]} ran longer than {timeout} s and was stopped") from e
    except OSError as e:
        raise GwsimError(f"cannot start {command[0]}: {e}") from e
    if done.returncode < 0:
        try:
            name = signal.Signals(-done.returncode).name
        except ValueError:
            name = str(-done.returncode)
        raise GwsimError(f"the gwsim {args[0]} process died ({name}):\n{done.stderr}")
    return Completed(command, done.returncode, done.stdout, done.stderr)
