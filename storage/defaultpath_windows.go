//go:build windows

package storage

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows/registry"
)

// On Windows every clerk signs in to the laptop with their own account, and
// all of them must open the same clinic: the store lives in one folder for
// the machine, chosen when Dossier is installed. The installer records it
// under HKLM\SOFTWARE\Dossier (value StoreFolder) and gives the folder an
// ACL that only the accounts using Dossier can read (packaging/windows).
const (
	storeFolderKey   = `SOFTWARE\Dossier`
	storeFolderValue = "StoreFolder"
)

// DefaultPath is the clinic store in the machine's Dossier folder: the one
// the installer recorded, else %ProgramData%\Dossier.
func DefaultPath() (string, error) {
	dir, err := machineFolder()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "clinic.dossier"), nil
}

func machineFolder() (string, error) {
	if k, err := registry.OpenKey(registry.LOCAL_MACHINE, storeFolderKey, registry.QUERY_VALUE); err == nil {
		defer k.Close()
		if dir, _, err := k.GetStringValue(storeFolderValue); err == nil && dir != "" {
			return dir, nil
		}
	}
	base := os.Getenv("ProgramData")
	if base == "" {
		return "", fmt.Errorf("find the machine's data folder: %%ProgramData%% is not set")
	}
	return filepath.Join(base, "Dossier"), nil
}
