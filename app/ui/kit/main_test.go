package kit

import (
	"os"
	"testing"
)

// TestMain gives the tests the English words with their plural forms.
func TestMain(m *testing.M) {
	UseEnglish()
	os.Exit(m.Run())
}
