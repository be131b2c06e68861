#!/usr/bin/python3
# Makes DossierSans-{Regular,Bold}.ttf: Noto Sans (Latin with every
# diacritic, Greek, Cyrillic) and Noto Sans Ethiopic merged into one font,
# so a name in Amharic prints and shows with the same font as the rest.
# Both are OFL 1.1 and share 1000 units per em; hinting is dropped (the
# two hinting programs cannot be merged, and Fyne and PDF viewers do not
# need them). Run once by hand, not in CI: needs python3-fonttools and the
# fonts from Debian's fonts-noto-core (20201225-1):
#   apt-get download fonts-noto-core && dpkg-deb -x fonts-noto-core_*.deb x
#   ./make-dossier-sans.py x/usr/share/fonts/truetype/noto
import sys
from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont


def dehint(src, dst):
    opts = subset.Options()
    opts.hinting = False
    opts.glyph_names = False
    opts.layout_features = ['*']
    opts.name_IDs = ['*']
    opts.notdef_outline = True
    opts.drop_tables = ['DSIG']
    f = TTFont(src)
    s = subset.Subsetter(opts)
    s.populate(unicodes=f.getBestCmap().keys())
    s.subset(f)
    f.save(dst)


src = sys.argv[1]
for style in ("Regular", "Bold"):
    dehint(f"{src}/NotoSans-{style}.ttf", f"/tmp/latin-{style}.ttf")
    dehint(f"{src}/NotoSansEthiopic-{style}.ttf", f"/tmp/ethi-{style}.ttf")
    f = Merger().merge([f"/tmp/latin-{style}.ttf", f"/tmp/ethi-{style}.ttf"])
    fam = "Dossier Sans"
    for rec in f["name"].names:
        if rec.nameID in (1, 16):
            rec.string = fam
        elif rec.nameID == 4:
            rec.string = fam + ("" if style == "Regular" else " " + style)
        elif rec.nameID == 6:
            rec.string = "DossierSans-" + style
        elif rec.nameID == 3:
            rec.string = "DossierSans-" + style + ";merged from Noto Sans and Noto Sans Ethiopic"
    f.save(f"DossierSans-{style}.ttf")
