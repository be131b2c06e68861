package ministryreturn

import (
	"dossier/app/flow/statistics"
	"dossier/model/stats"
	"dossier/storage"
)

// EngineFigures is the return's FigureSource: the facility's figures as the
// Statistics section computes them (app/flow/statistics, from the sealed
// date index), with the clinic's own settings (age groups, "new").
func EngineFigures(sess *storage.Session) FigureSource {
	return func(p stats.Period) (stats.Figures, error) {
		return statistics.Compute(sess, p, statistics.Options{})
	}
}
