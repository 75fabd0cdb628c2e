"""Write the corpus test split (seed article included) as a small corpus of articles for dovehawk.

Each test document becomes one article (its sentences joined by newlines, so the splitter keeps the
gold sentences), with `source` and `origin` columns to group by. Used to try `dovehawk label`,
`summarize`, `report`, `sample` and `import-labels` end to end on text with gold labels.

    python -m dovehawk.eval.export_test_split -o test_corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict

from dovehawk.data import load_corpus


def export(path: str, source_dir=None) -> int:
    docs = defaultdict(list)
    for r in load_corpus(source_dir)["test"]:
        if r["stance"] is not None:
            docs[(r["source"], r["doc_id"])].append(r)
    with open(path, "w", encoding="utf-8") as f:
        for (source, doc), rows in docs.items():
            rows.sort(key=lambda r: r["position"])
            f.write(
                json.dumps(
                    {
                        "id": doc,
                        "source": source,
                        "origin": rows[0]["origin"],
                        "text": "\n".join(" ".join(r["text"].split()) for r in rows),
                    }
                )
                + "\n"
            )
    return len(docs)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", default="test_corpus.jsonl")
    parser.add_argument("--source-dir")
    args = parser.parse_args(argv)
    print(f"wrote {export(args.output, args.source_dir)} articles to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
