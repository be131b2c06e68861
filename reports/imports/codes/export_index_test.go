package codes

import "dossier/model/coding"

func tableColumnForTest(kind coding.IndexKind, q string) (int, []string, bool) {
	return coding.TableColumn(kind, coding.QueryWords(q))
}
