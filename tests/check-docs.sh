#!/bin/sh
# The contracts live in docs/: nothing points outside the repository, and
# the feed's example still validates against the schema the program builds
# in.
set -eu
top="$1"
cd "$top"
if grep -rnI '\.\./shared\|shared/docs\|shared/feed' --exclude-dir=.git --exclude-dir='_build*' \
     --exclude-dir=subprojects --exclude=check-docs.sh . ; then
  echo "these lines point outside the repository; the contracts are in docs/"
  exit 1
fi
for doc in DESIGN STYLE UI CLI TOOLCHAIN; do
  [ -s "docs/$doc.md" ] || { echo "docs/$doc.md is missing"; exit 1; }
done
xmllint --noout --nonet --schema data/feed/zuweisung-1.xsd docs/feed/beispiel-zuweisung.xml
echo "docs/ holds the contracts"
