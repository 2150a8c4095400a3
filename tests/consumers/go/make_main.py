"""Writes main.go: decodes every body (document examples and corpus) into
the Go type quicktype generated for its definition, and encodes it again.

Usage: python3 make_main.py BODIES_JSON OUT_DIR
"""

import json
import re
import sys
from pathlib import Path

bodies = json.loads(Path(sys.argv[1]).read_text())
out = Path(sys.argv[2])
(out / "bodies.json").write_text(json.dumps(bodies))
names = sorted({b["definition"] for b in bodies})
# quicktype spells initialisms its own way (`…OrId…` becomes `…OrID…`): find
# each definition's Go type by name, ignoring case.
go_types = {
    t.lower(): t
    for t in re.findall(r"^type (\w+) ", (out / "bereke.go").read_text(), re.M)
}
cases = "\n".join(
    f'\tcase "{n}":\n\t\tvar v {go_types.get(n.lower(), n)}\n\t\treturn roundtrip(body, &v)'
    for n in names
)
(out / "decoders.go").write_text(
    f"""// Written by make_main.py: one case per definition that a body uses.

package main

import "fmt"

func decode(definition string, body []byte) error {{
\tswitch definition {{
{cases}
\t}}
\treturn fmt.Errorf("no Go type for %s", definition)
}}
"""
)
print(f"{len(bodies)} bodies, {len(names)} Go types")
