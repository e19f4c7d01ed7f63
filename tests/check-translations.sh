#!/bin/sh
# Every message of the program is translated into German, none is fuzzy.
set -eu
top="$1"
build="$2"
pot="$build/check-translations.pot"
xgettext --files-from="$top/po/POTFILES.in" --directory="$top" --from-code=UTF-8 \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
  --add-comments --output="$pot" 2>/dev/null
stats=$(msgmerge --quiet --output-file=- "$top/po/de.po" "$pot" | msgfmt --statistics -o /dev/null - 2>&1)
rm -f "$pot"
echo "$stats"
case "$stats" in
  *untranslated*|*fuzzy*) echo "po/de.po is not complete"; exit 1 ;;
esac
