#!/usr/bin/env python3
"""Generate resources/fhir/search-parameters.json, PAW's search parameter table.

Usage: make-search-parameters.py FHIR_PACKAGES_DIR [OUTPUT]

Reads the official packages in FHIR_PACKAGES_DIR (carin-bb-2.0.0, us-core-6.1.0, us-core-3.1.1,
r4-core) and writes one entry per (resourceType, name): the parameters the C4BB and US Core 6.1.0
server CapabilityStatements list for the served types, `_id`, `_lastUpdated` and `_security` (the
access layer withholds sensitive records by it, in SQL) for every type, and the reference
parameters that the CapabilityStatements' _include/_revinclude need. Shared r4-core expressions
("AllergyIntolerance.patient | CarePlan.subject...") are narrowed to the one type.
"""
import glob
import json
import os
import re
import sys

SERVED_TYPES = [
    "Coverage", "ExplanationOfBenefit", "Organization", "Patient", "Practitioner",
    "AllergyIntolerance", "Condition", "DiagnosticReport", "DocumentReference", "Encounter",
    "Immunization", "Device", "Observation", "Location", "Medication", "MedicationDispense",
    "PractitionerRole", "Procedure", "MedicationStatement", "RelatedPerson", "Provenance",
]

# Packages searched for a definition URL, first match wins.
DEFINITION_PACKAGES = ["carin-bb-2.0.0", "us-core-6.1.0", "us-core-3.1.1", "r4-core"]

CAPABILITY_STATEMENTS = [
    "carin-bb-2.0.0/CapabilityStatement-c4bb.json",
    "us-core-6.1.0/CapabilityStatement-us-core-server.json",
]

R4 = "http://hl7.org/fhir/SearchParameter/"
C4BB = "http://hl7.org/fhir/us/carin-bb/SearchParameter/"

# Reference parameters the _include/_revinclude of the CapabilityStatements need, plus the
# US Core 3.1.1 MedicationStatement parameters (US Core 6.1.0 dropped the profile).
EXTRA = [
    ("ExplanationOfBenefit", C4BB + "explanationofbenefit-patient"),
    ("ExplanationOfBenefit", C4BB + "explanationofbenefit-provider"),
    ("ExplanationOfBenefit", C4BB + "explanationofbenefit-care-team"),
    ("ExplanationOfBenefit", C4BB + "explanationofbenefit-coverage"),
    ("ExplanationOfBenefit", C4BB + "explanationofbenefit-insurer"),
    ("ExplanationOfBenefit", R4 + "ExplanationOfBenefit-payee"),
    ("Coverage", C4BB + "coverage-payor"),
    ("PractitionerRole", R4 + "PractitionerRole-practitioner"),
    ("PractitionerRole", R4 + "PractitionerRole-endpoint"),
    ("MedicationDispense", R4 + "medications-medication"),
    ("Provenance", R4 + "Provenance-target"),
    ("Provenance", R4 + "Provenance-patient"),
    ("MedicationStatement", R4 + "clinical-patient"),
    ("MedicationStatement", R4 + "medications-status"),
    ("MedicationStatement", R4 + "MedicationStatement-effective"),
]

# The r4-core folder is a subset; these R4 4.0.1 definitions are not in it (values as published in
# the R4 specification's search-parameters.json).
FALLBACK = {
    R4 + "MedicationStatement-effective": {
        "url": R4 + "MedicationStatement-effective", "code": "effective", "type": "date",
        "base": ["MedicationStatement"], "expression": "MedicationStatement.effective",
    },
}

SUPPORTED_TYPES = {"token", "string", "date", "reference", "quantity", "number", "uri"}


def load_definitions(root):
    definitions = {}
    for package in DEFINITION_PACKAGES:
        for path in sorted(glob.glob(os.path.join(root, package, "SearchParameter-*.json"))):
            with open(path, encoding="utf-8-sig") as f:
                sp = json.load(f)
            definitions.setdefault(sp["url"], sp)
    return definitions


def split_union(expression):
    """Top-level '|' branches, ignoring those inside parentheses or string literals."""
    branches, depth, quoted, start = [], 0, False, 0
    for i, c in enumerate(expression):
        if quoted:
            if c == "'" and expression[i - 1] != "\\":
                quoted = False
        elif c == "'":
            quoted = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            branches.append(expression[start:i].strip())
            start = i + 1
    branches.append(expression[start:].strip())
    return [b for b in branches if b]


def narrow_expression(expression, resource_type):
    kept = []
    for branch in split_union(expression):
        head = re.match(r"^\(*\s*([A-Za-z]+)", branch)
        if head and head.group(1) in (resource_type, "Resource", "DomainResource"):
            kept.append(branch)
    if not kept:
        raise SystemExit(f"no branch of {expression!r} applies to {resource_type}")
    return " | ".join(kept)


def narrow_targets(targets, expression):
    resolved = set(re.findall(r"resolve\(\)\s+is\s+([A-Za-z]+)", expression))
    if resolved and all("resolve()" in b for b in split_union(expression)):
        return [t for t in targets if t in resolved] or sorted(resolved)
    if len(targets) > 50:  # Reference(Any): only what this server can hold
        return [t for t in targets if t in SERVED_TYPES]
    return list(targets)


def make_entry(resource_type, sp, name=None):
    if sp["type"] not in SUPPORTED_TYPES:
        raise SystemExit(f"{sp['url']}: unsupported type {sp['type']}")
    if resource_type not in sp["base"] and "Resource" not in sp["base"] and "DomainResource" not in sp["base"]:
        raise SystemExit(f"{sp['url']} does not apply to {resource_type}")
    expression = narrow_expression(sp["expression"], resource_type)
    entry = {"resourceType": resource_type, "name": name or sp["code"], "type": sp["type"],
             "expression": expression}
    if sp["type"] == "reference":
        entry["targets"] = narrow_targets(sp.get("target", []), expression)
    entry["definition"] = sp["url"]
    return entry


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    root = sys.argv[1]
    output = sys.argv[2] if len(sys.argv) == 3 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "resources", "fhir", "search-parameters.json")
    definitions = load_definitions(root)

    def resolve(url):
        sp = definitions.get(url) or FALLBACK.get(url)
        if sp is None:
            raise SystemExit(f"definition not found: {url}")
        return sp

    per_type = {t: {} for t in SERVED_TYPES}

    def add(resource_type, sp, name=None):
        entry = make_entry(resource_type, sp, name)
        per_type[resource_type].setdefault(entry["name"], entry)

    for resource_type in SERVED_TYPES:
        add(resource_type, resolve(R4 + "Resource-id"))
        add(resource_type, resolve(R4 + "Resource-lastUpdated"))
        add(resource_type, resolve(R4 + "Resource-security"))

    for path in CAPABILITY_STATEMENTS:
        with open(os.path.join(root, path), encoding="utf-8-sig") as f:
            statement = json.load(f)
        for rest in statement["rest"]:
            for resource in rest.get("resource", []):
                if resource["type"] not in per_type:
                    continue
                for param in resource.get("searchParam", []):
                    add(resource["type"], resolve(param["definition"]), param["name"])

    for resource_type, url in EXTRA:
        add(resource_type, resolve(url))

    parameters = [entry for t in SERVED_TYPES for entry in per_type[t].values()]
    with open(output, "w", encoding="utf-8") as f:
        f.write('{"parameters": [\n')
        f.write(",\n".join(json.dumps(p, ensure_ascii=False) for p in parameters))
        f.write("\n]}\n")
    for resource_type in SERVED_TYPES:
        print(f"{resource_type:22} {len(per_type[resource_type]):3}  {' '.join(per_type[resource_type])}")
    print(f"{'total':22} {len(parameters):3}")


if __name__ == "__main__":
    main()
