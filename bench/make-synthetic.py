#!/usr/bin/env python3
"""Writes N synthetic resources as NDJSON (one file per type) for load tests.

Each member gets a Patient, 2 Coverages, 20 ExplanationOfBenefits (cloned from the official C4BB
example EOBProfessional1, read in place, without its narrative: about 4 KB each) and 7 Observations:
30 resources per member. Files hold at most 10,000 lines each (one import transaction per file).
usage: make-synthetic.py TOTAL OUTDIR [FHIR_PACKAGES]
"""
import json
import os
import random
import sys

total = int(sys.argv[1])
out = sys.argv[2]
packages = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "fhir")
with open(os.path.join(packages, "carin-bb-2.0.0", "example", "ExplanationOfBenefit-EOBProfessional1.json")) as f:
    eob_template = json.load(f)
for key in ("meta", "text"):
    eob_template.pop(key, None)

os.makedirs(out, exist_ok=True)
rng = random.Random(42)
members = max(1, total // 30)
files = {}
CHUNK = 10000

def write(resource):
    kind = resource["resourceType"]
    handle, lines, part = files.get(kind, (None, CHUNK, 0))
    if lines >= CHUNK:
        if handle:
            handle.close()
        part += 1
        handle, lines = open(os.path.join(out, "%s-%04d.ndjson" % (kind, part)), "w"), 0
    handle.write(json.dumps(resource, separators=(",", ":")) + "\n")
    files[kind] = (handle, lines + 1, part)

write({"resourceType": "Organization", "id": "Payer1", "active": True, "name": "Synthetic Health Plan"})
for m in range(members):
    pid = "p%06d" % m
    write({"resourceType": "Patient", "id": pid,
           "identifier": [{"system": "https://example.org/member", "value": "M%06d" % m}],
           "name": [{"family": "Member%d" % m, "given": ["Test"]}], "gender": rng.choice(["male", "female"]),
           "birthDate": "%04d-%02d-%02d" % (rng.randint(1940, 2015), rng.randint(1, 12), rng.randint(1, 28))})
    for c in range(2):
        write({"resourceType": "Coverage", "id": "%s-c%d" % (pid, c), "status": "active",
               "beneficiary": {"reference": "Patient/" + pid}, "payor": [{"reference": "Organization/Payer1"}],
               "period": {"start": "202%d-01-01" % c}})
    for e in range(20):
        eob = json.loads(json.dumps(eob_template))
        eob["id"] = "%s-e%02d" % (pid, e)
        eob["patient"] = {"reference": "Patient/" + pid}
        eob["identifier"][0]["value"] = "%s-claim-%02d" % (pid, e)
        day = "20%02d-%02d-%02d" % (rng.randint(15, 25), rng.randint(1, 12), rng.randint(1, 28))
        eob["billablePeriod"] = {"start": day, "end": day}
        eob["created"] = day + "T00:00:00Z"
        write(eob)
    for o in range(7):
        write({"resourceType": "Observation", "id": "%s-o%d" % (pid, o), "status": "final",
               "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                         "code": "vital-signs"}]}],
               "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4", "display": "Heart rate"}]},
               "subject": {"reference": "Patient/" + pid},
               "effectiveDateTime": "2024-%02d-%02dT10:00:00Z" % (rng.randint(1, 12), rng.randint(1, 28)),
               "valueQuantity": {"value": rng.randint(50, 120), "unit": "beats/minute",
                                 "system": "http://unitsofmeasure.org", "code": "/min"}})
for handle, _, _ in files.values():
    handle.close()
print(members * 30 + 1)
