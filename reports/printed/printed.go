// Package printed gives printed documents their words in the clinic's
// language (Settings → Language), from the go-i18n JSON files in
// assets/translations/print. It knows nothing of Fyne: the window and the
// command line ask for the same Words and so print the same language.
package printed

import (
	"encoding/json"
	"fmt"
	"log"
	"slices"
	"strconv"
	"sync"
	"time"

	"dossier/assets"
	"dossier/model"
	"dossier/model/calendar"
	"dossier/model/clinical"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Words are the printed words of one language. The zero value is English,
// so a document made without a language (tests, old callers) reads as it
// always did.
type Words struct {
	code string
}

// For is the clinic's language's Words: code is the clinic's setting
// (model.Clinic.Language). "" (the computer's language, for the window) and
// any language Dossier does not print print English: a printed page must
// not depend on which computer made it.
func For(code string) Words {
	if !slices.Contains(model.Languages, code) {
		code = "en"
	}
	return Words{code: code}
}

// Lang is the language's ISO 639-1 code.
func (w Words) Lang() string {
	if w.code == "" {
		return "en"
	}
	return w.code
}

// T is the text of key with args filled into its fmt verbs (%s, %d), in
// order. A key missing from the language falls back to English, and one
// missing from English prints as itself (the test in this package fails
// first).
func (w Words) T(key string, args ...any) string {
	return w.text(key, nil, args)
}

// N is T for a text that changes with the count n (plural forms of the
// language: "1 day", "2 days"; French and Portuguese treat 0 as one).
func (w Words) N(key string, n int, args ...any) string {
	return w.text(key, n, args)
}

func (w Words) text(key string, count any, args []any) string {
	s, err := localizer(w.Lang()).Localize(&i18n.LocalizeConfig{MessageID: key, PluralCount: count})
	if err != nil && s == "" {
		log.Printf("printed words: %v", err)
		s = key
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

var (
	bundleOnce sync.Once
	bundle     *i18n.Bundle
	locMu      sync.Mutex
	locs       = map[string]*i18n.Localizer{}
)

// localizer reads the printed words once and gives code's localizer, with
// English behind it.
func localizer(code string) *i18n.Localizer {
	bundleOnce.Do(func() {
		bundle = i18n.NewBundle(language.English)
		bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
		for _, l := range model.Languages {
			if _, err := bundle.LoadMessageFileFS(assets.PrintedWords, "translations/print/"+l+".json"); err != nil {
				log.Printf("printed words: %v", err)
			}
		}
	})
	locMu.Lock()
	defer locMu.Unlock()
	if l, ok := locs[code]; ok {
		return l
	}
	l := i18n.NewLocalizer(bundle, code, "en")
	locs[code] = l
	return l
}

// Long writes d with its month's name for letters and headings: in the
// Gregorian calendar in the language ("2 January 2026", "2 de janeiro de
// 2026"); in another calendar (order's, the clinic's setting) by that
// calendar's month names, which are the same in every language, marked
// with its era ("3 Megabit 2016 EC").
func (w Words) Long(d model.Date, order clinical.DateOrder) string {
	if d.IsZero() {
		return ""
	}
	if order.Calendar() != calendar.Gregorian {
		return clinical.LongDate(d, order, false) + " " + w.T("date.era.ethiopian")
	}
	return w.T("date.long", d.Day, w.Month(d.Month), d.Year)
}

// LongTime is Long for the day of t.
func (w Words) LongTime(t time.Time, order clinical.DateOrder) string {
	if t.IsZero() {
		return ""
	}
	return w.Long(model.DateOf(t), order)
}

// Month is the name of the Gregorian month m in the language ("janvier").
func (w Words) Month(m time.Month) string {
	if m < time.January || m > time.December {
		return ""
	}
	return w.T(fmt.Sprintf("month.%02d", int(m)))
}

// ShortMonth is the short name of the Gregorian month m in the language,
// for a chart's axis ("Jan", "janv.").
func (w Words) ShortMonth(m time.Month) string {
	if m < time.January || m > time.December {
		return ""
	}
	return w.T(fmt.Sprintf("month.short.%02d", int(m)))
}

// MonthYear names a Gregorian month of a year ("novembre 2026"), or in
// another calendar the month of that calendar the day falls in.
func (w Words) MonthYear(t time.Time, order clinical.DateOrder) string {
	if order.Calendar() != calendar.Gregorian {
		d := model.DateOf(t)
		cd := calendar.FromGregorian(order.Calendar(), d.Year, d.Month, d.Day)
		return calendar.MonthName(order.Calendar(), cd.Month, false) + " " + strconv.Itoa(cd.Year) + " " + w.T("date.era.ethiopian")
	}
	return w.T("date.month_year", w.Month(t.Month()), t.Year())
}
