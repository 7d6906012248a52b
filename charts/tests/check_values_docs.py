"""Checks that values.yaml, its `## @param` lines and values.schema.json describe the same keys.

For each chart directory given: every @param names a key present in values.yaml and in the
schema; every leaf of values.yaml is covered by a @param (itself or a parent); every schema
property is documented (itself, a parent, or a documented child).
"""

import json
import os
import re
import sys

import yaml

PARAM = re.compile(r'^##\s*@param\s+(\S+)\s+\S')


def leaves(node, prefix=''):
    if isinstance(node, dict) and node:
        for k, v in node.items():
            yield from leaves(v, f'{prefix}{k}.')
    else:
        yield prefix[:-1]


def schema_paths(schema, prefix=''):
    for k, v in (schema.get('properties') or {}).items():
        path = f'{prefix}{k}'
        yield path
        yield from schema_paths(v, f'{path}.')


def has_path(values, path):
    node = values
    for part in path.split('.'):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def covered(path, params):
    return any(path == p or path.startswith(p + '.') or p.startswith(path + '.') for p in params)


def check_chart(chart):
    errors = []
    values_file = os.path.join(chart, 'values.yaml')
    with open(values_file) as f:
        text = f.read()
    values = yaml.safe_load(text) or {}
    params = [m.group(1) for m in map(PARAM.match, text.splitlines()) if m]
    dupes = {p for p in params if params.count(p) > 1}
    if dupes:
        errors.append(f'@param documented twice: {sorted(dupes)}')
    schema_file = os.path.join(chart, 'values.schema.json')
    schema = None
    if os.path.exists(schema_file):
        with open(schema_file) as f:
            schema = json.load(f)
    elif values:
        errors.append('values.schema.json is missing')
    spaths = set(schema_paths(schema)) if schema else set()
    for p in params:
        if not has_path(values, p):
            errors.append(f'@param {p} names no key of values.yaml')
        if schema is not None and p not in spaths:
            errors.append(f'@param {p} is not in values.schema.json')
    for leaf in leaves(values):
        if leaf and not covered(leaf, params):
            errors.append(f'values.yaml key {leaf} has no @param')
    for sp in spaths:
        if sp == 'xinfang-common':
            continue  # Helm adds the library's (empty) values under its name.
        if not covered(sp, params):
            errors.append(f'schema property {sp} has no @param')
    return params, errors


def main():
    failed = False
    for chart in sys.argv[1:]:
        params, errors = check_chart(chart)
        for e in errors:
            print(f'  {chart}: {e}')
        failed = failed or bool(errors)
        print(f'  {chart}: {len(params)} @param, {"ERRORS" if errors else "in sync"}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
