package assets

import (
	"testing"

	"golang.org/x/image/font/sfnt"
)

// Dossier Sans draws Latin with diacritics and Ethiopic, in both weights;
// DejaVu, the PDFs' other font, has the Latin but no Ethiopic (which is
// why the PDFs switch fonts for Ethiopic text).
func TestFontsCoverLatinAndEthiopic(t *testing.T) {
	latin := "AZaz09 éèêëñçãõâôŋɛɔŊƐƆáíóúÀÇÑßøåæœŞşĞğİıČčŠšŽž"
	ethiopic := "አበበ በቀለ ባሕር ዳር መስከረም ጳጉሜን ኧ ቈ ፩ ።"
	for name, c := range map[string]struct {
		data     []byte
		ethiopic bool
	}{
		"DossierSans-Regular": {FontWorld, true}, "DossierSans-Bold": {FontWorldBold, true},
		"DejaVuSans": {FontSans, false}, "DejaVuSans-Bold": {FontSansBold, false},
	} {
		f, err := sfnt.Parse(c.data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var buf sfnt.Buffer
		has := func(r rune) bool { g, err := f.GlyphIndex(&buf, r); return err == nil && g != 0 }
		for _, r := range latin {
			if !has(r) {
				t.Errorf("%s lacks %q", name, r)
			}
		}
		for _, r := range ethiopic {
			if r != ' ' && has(r) != c.ethiopic {
				t.Errorf("%s: has %q = %v", name, r, has(r))
			}
		}
	}
}
