"""A reader of QTI 2.1 response processing, for the tests: runs an item's responseProcessing on a
response, as a delivery engine would, over the part of QTI 2.1 (section 15, expressions) that the
export writes. What it meets outside that part is an error, so a new construct cannot pass
unnoticed."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"


def _name(element: ET.Element) -> str:
    return element.tag.removeprefix(QTI)


def run(item: ET.Element, response) -> dict:
    """The outcomes after answering: response is an identifier or string, a list of identifiers
    (multiple, ordered) or of "L R" pairs, a float, or None (not answered)."""
    declaration = item.find(f"{QTI}responseDeclaration")
    outcomes = {}
    for o in item.findall(f"{QTI}outcomeDeclaration"):
        default = o.find(f"{QTI}defaultValue/{QTI}value")
        outcomes[o.get("identifier")] = float(default.text) if default is not None else None
    state = {"RESPONSE": response, **outcomes}
    for rule in item.find(f"{QTI}responseProcessing"):
        _rule(rule, state, declaration)
    return state


def _rule(rule: ET.Element, state: dict, declaration: ET.Element) -> None:
    if _name(rule) == "setOutcomeValue":
        state[rule.get("identifier")] = _value(rule[0], state, declaration)
    elif _name(rule) == "responseCondition":
        for branch in rule:
            if _name(branch) == "responseElse" or _value(branch[0], state, declaration):
                for inner in branch[0 if _name(branch) == "responseElse" else 1 :]:
                    _rule(inner, state, declaration)
                return
    else:
        raise ValueError(f"rule {_name(rule)} is not read here")


def _correct(declaration: ET.Element):
    values = [v.text for v in declaration.find(f"{QTI}correctResponse")]
    return values if declaration.get("cardinality") != "single" else values[0]


def _value(e: ET.Element, state: dict, declaration: ET.Element):
    name = _name(e)
    args = [_value(child, state, declaration) for child in e] if name not in ("baseValue",) else []
    if name == "variable":
        return state[e.get("identifier")]
    if name == "baseValue":
        return float(e.text) if e.get("baseType") == "float" else e.text
    if name == "correct":
        return _correct(declaration)
    if name == "isNull":
        return args[0] is None or args[0] == [] or args[0] == ""
    if name == "not":
        return not args[0]
    if name in ("and", "or"):
        return all(args) if name == "and" else any(args)
    if name == "match":
        return (
            (sorted(args[0]) == sorted(args[1])) if declaration.get("cardinality") == "multiple" else args[0] == args[1]
        )
    if name == "index":
        n = int(e.get("n"))
        return args[0][n - 1] if args[0] and len(args[0]) >= n else None
    if name in ("gte", "lte", "gt"):
        if args[0] is None:
            return None
        return {"gte": args[0] >= args[1], "lte": args[0] <= args[1], "gt": args[0] > args[1]}[name]
    if name == "equal":
        tolerance = float(e.get("tolerance", "0")) if e.get("toleranceMode") == "absolute" else 0.0
        return args[0] is not None and abs(args[0] - args[1]) <= tolerance + 1e-12
    if name == "sum":
        return math.fsum(args)
    if name == "product":
        return math.prod(args)
    if name == "multiple":
        flat = []
        for a in args:
            flat += a if isinstance(a, list) else [a]
        return flat
    if name == "mapResponse":
        return _map(declaration, state["RESPONSE"])
    raise ValueError(f"expression {name} is not read here")


def _map(declaration: ET.Element, response) -> float:
    mapping = declaration.find(f"{QTI}mapping")
    values = response if isinstance(response, list) else [response]
    total = 0.0
    for value in dict.fromkeys(values):  # each value is mapped once
        for entry in mapping:
            sensitive = entry.get("caseSensitive", "true") == "true"
            if entry.get("mapKey") == value or (not sensitive and entry.get("mapKey").lower() == str(value).lower()):
                total += float(entry.get("mappedValue"))
                break
        else:
            total += float(mapping.get("defaultValue", "0"))
    low, high = mapping.get("lowerBound"), mapping.get("upperBound")
    total = max(total, float(low)) if low is not None else total
    return min(total, float(high)) if high is not None else total
