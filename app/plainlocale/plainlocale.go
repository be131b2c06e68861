// Package plainlocale maps the POSIX "C" locale, which means "no language
// chosen", to English before Fyne reads it. Without it Fyne logs a parse
// error on every start, also for headless commands whose errors must be one
// plain line. It imports only syscall so it is initialized before Fyne
// (packages initialize in import-path order once their imports are ready).
package plainlocale

import "syscall"

func init() {
	for _, v := range []string{"LC_ALL", "LANG"} {
		if val, ok := syscall.Getenv(v); ok && (val == "C" || val == "POSIX" || val == "C.UTF-8") {
			syscall.Setenv(v, "en_US.UTF-8")
		}
	}
}
