"""The options the gwsim command takes, from Python values: --set texts, seed, step, replication."""
from ._errors import GwsimError

_MAX_U64 = 2**64 - 1


def _value_text(value):
    if isinstance(value, bool):  # before int: True is an int
        return "true" if value else "false"
    return str(value)


def override_texts(set=None):
    """`set` as gwsim's --set arguments: a dict {"sites[1].pue": 1.35} or a list of "dotted.path=value" strings."""
    if set is None:
        return []
    if isinstance(set, str):
        raise TypeError("set= takes a dict {'dotted.path': value} or a list of 'dotted.path=value' strings, "
                        f"not the string {set!r}")
    if isinstance(set, dict):
        return [f"{key}={_value_text(value)}" for key, value in set.items()]
    texts = list(set)
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"set= list items are 'dotted.path=value' strings, found {text!r}")
    return texts


def count(name, value, maximum=_MAX_U64):
    """A non-negative integer option (replication, jobs), checked as the command line checks it."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise GwsimError(f"{name} expects an integer from 0 to {maximum}, found {value!r}; nothing was run or written")
    return value


def load_overrides(set=None, seed=None, step=None):
    """The overrides gwsim run applies: --set in order, then --seed and --step (tools/gwsim/main.cpp)."""
    texts = override_texts(set)
    if seed is not None:
        texts.append(f"seed={_value_text(seed)}")  # the loader checks it, located as --set
    if step is not None:
        texts.append(f"output_step={step}")
    return texts
