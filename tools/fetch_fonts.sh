#!/bin/sh
# How the code face and the fallback faces in assets/fonts/ were made (run once, offline
# afterwards: the repository ships the results; the build never reads system fonts).
# Needs Debian's apt-get and dpkg, and fontTools (pyftsubset) from the project's venv.
set -eu
work=$(mktemp -d)
cd "$work"
apt-get download fonts-dejavu-core fonts-droid-fallback fonts-symbola fonts-noto-core fonts-nanum
for deb in *.deb; do dpkg -x "$deb" x; done
out=${1:-assets/fonts}
t=x/usr/share/fonts/truetype
# code: DejaVu Sans Mono (Bitstream Vera licence), TrueType, no ligatures applied by ReportLab
cp $t/dejavu/DejaVuSansMono.ttf $t/dejavu/DejaVuSansMono-Bold.ttf "$OLDPWD/$out/"
# Thai: Noto Sans Thai (OFL); Chinese and Japanese: Droid Sans Fallback Full (Apache-2.0, TrueType,
# unlike Noto CJK, which is CFF); symbols and emoji in one colour: Symbola (free for any use)
cp $t/noto/NotoSansThai-Regular.ttf $t/droid/DroidSansFallbackFull.ttf "$OLDPWD/$out/"
cp $t/ancient-scripts/Symbola_hint.ttf "$OLDPWD/$out/Symbola.ttf"
# Arabic, Hebrew, the scripts of South and South-East Asia, Georgian, Armenian and Ethiopic: Noto Sans (OFL), TrueType, regular
# weight only (bold and italic text in them is set in the regular face), shaped with HarfBuzz
for script in Arabic Hebrew Devanagari Bengali Gurmukhi Gujarati Tamil Sinhala Khmer Lao Myanmar \
              Telugu Kannada Malayalam Oriya Georgian Armenian Ethiopic; do
  cp $t/noto/NotoSans$script-Regular.ttf "$OLDPWD/$out/"
done
# Korean: Nanum Gothic (OFL) cut to Hangul (jamo, compatibility jamo, syllables): 1.3 MB of 4.7
pyftsubset $t/nanum/NanumGothic.ttf --output-file="$OLDPWD/$out/NanumGothic-Hangul.ttf" --no-hinting \
  --layout-features='*' --unicodes="U+0020,U+1100-11FF,U+3130-318F,U+A960-A97F,U+AC00-D7A3,U+D7B0-D7FF"
cp x/usr/share/doc/fonts-dejavu-core/copyright "$OLDPWD/$out/LICENSE-DejaVu.txt"
cp x/usr/share/doc/fonts-noto-core/copyright "$OLDPWD/$out/LICENSE-Noto.txt"   # every Noto face here
cp x/usr/share/doc/fonts-nanum/copyright "$OLDPWD/$out/LICENSE-NanumGothic.txt"
cp x/usr/share/doc/fonts-symbola/copyright "$OLDPWD/$out/LICENSE-Symbola.txt"
{ cat x/usr/share/doc/fonts-droid-fallback/copyright; echo; echo "----- Apache License 2.0 -----"
  cat /usr/share/common-licenses/Apache-2.0; } > "$OLDPWD/$out/LICENSE-DroidSansFallback.txt"
rm -rf "$work"
# emoji: tools/openmoji_black.py makes OpenMoji-Black.ttf (CC BY-SA 4.0) from OpenMoji's colour font
