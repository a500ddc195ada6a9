#!/usr/bin/env python3
"""Builds one layer probe and expects the compiler to refuse its include for the right reason.

usage: expect_refused.py CMAKE BUILD_DIR TARGET HEADER
Passes only when the build fails AND the compiler says HEADER was not found: a probe that fails for
any other reason (a broken header, a typo) fails this test instead of passing it by accident.
"""
import os
import subprocess
import sys

cmake, build_dir, target, header = sys.argv[1:5]
run = subprocess.run([cmake, "--build", build_dir, "--target", target],
                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                     env={**os.environ, "LC_ALL": "C"})  # the compiler's own words, in English
out = run.stdout
if run.returncode == 0:
    sys.exit(f"FAIL: {target} built: the layer view lets it include {header}")
if f"{header}: No such file or directory" not in out:
    sys.exit(f"FAIL: {target} failed for another reason than the missing {header}:\n{out[-3000:]}")
print(f"ok: {target} cannot include {header}")
