"""gwsim's exceptions: GwsimError for every failure, ScenarioError for invalid input with its located diagnostics."""
from dataclasses import dataclass

from ._gwsim import GwsimError


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a scenario, a catalog or a sweep spec, located as the command line prints it."""

    severity: str     # "error" or "warning"
    file: str         # the file as given, an extended file's path as resolved, or "--set"
    line: int         # 1-based
    column: int       # 1-based
    path: str         # dotted path of the value: "sites[0].halls[1].it_capacity"
    message: str      # what was found and what was expected
    source_line: str  # the offending line's text (for --set: the whole argument)
    text: str         # "file:line:col: error: path: message" with the source line and a caret, as gwsim prints it

    def __str__(self):
        return self.text.rstrip("\n")


def diagnostics_from(entries):
    return [Diagnostic(**entry) for entry in entries]


class ScenarioError(GwsimError):
    """Invalid input (gwsim's exit code 2): nothing was run or written. `diagnostics` lists every problem found
    (errors, and with strict=True the warnings counted as errors), in document order."""

    def __init__(self, what, diagnostics):
        self.diagnostics = list(diagnostics)
        counted = len(self.diagnostics)
        lines = [f"{counted} error{'s' if counted != 1 else ''} in {what}; nothing was run or written:"]
        lines += [str(d) for d in self.diagnostics]
        super().__init__("\n".join(lines))
