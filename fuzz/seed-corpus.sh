#!/bin/sh
# Seeds the fuzz corpora from the samples and fixtures (run from fuzz/; the corpora are not committed).
# The first byte of an import_bytes or workbook input picks the file name or format, so each seed is
# written once per choice that fits it.
set -eu
cd "$(dirname "$0")"
mkdir -p corpus/import_bytes corpus/workbook corpus/cells corpus/profile_json
seed() { # target choice-byte file
    name="$(basename "$3")"
    { printf "\\$(printf '%03o' "$2")"; cat "$3"; } > "corpus/$1/$2-$name"
}
# import_bytes names: 0 xlsx, 1 xlsm, 2 xlsb, 3 xls, 4 ods, 5 csv, 6 json, 7 none.
# workbook formats:   0 xlsx, 1 xlsm, 2 xlsb, 3 xls, 4 ods, 5 csv.
for f in ../samples/*.xlsx ../tests/fixtures/*.xlsx; do seed import_bytes 0 "$f"; seed workbook 0 "$f"; done
for f in ../tests/fixtures/*.xls; do seed import_bytes 3 "$f"; seed workbook 3 "$f"; done
for f in ../samples/*.ods ../tests/fixtures/*.ods; do seed import_bytes 4 "$f"; seed workbook 4 "$f"; done
# Nothing writes xlsb; the one fixture is built record by record (tests/import/files.rs).
for f in ../tests/fixtures/*.xlsb; do seed import_bytes 2 "$f"; seed workbook 2 "$f"; done
for f in ../samples/*.json; do seed import_bytes 6 "$f"; cp "$f" corpus/profile_json/; done
printf '\005Key,Question,Answer\nmeta.company_name,Company,Acme\n' > corpus/import_bytes/csv
printf '\005Key;Answer\nmeta.contact_email;jane@example.com\n' > corpus/workbook/csv
for t in "Yes" "no, not yet" "99.95 %" "~300 ms" "2 TB" "1h30" "PT4H" "03/04/2026" "15. März 2026" \
    "Jane Doe <jane@example.com>" "Azure; AWS" "N/A - we do not migrate" "1,000+ users" "-" "???"; do
    printf '%s' "$t" > "corpus/cells/$(printf '%s' "$t" | cksum | cut -d' ' -f1)"
done
