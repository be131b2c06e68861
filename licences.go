package main

import (
	_ "embed"

	"dossier/app/ui"
)

// The licences Help › About shows.
var (
	//go:embed NOTICE
	notice string
	//go:embed LICENSE
	license string
)

func init() { ui.Licences = notice + "\n\n" + license }
