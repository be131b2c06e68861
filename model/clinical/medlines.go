package clinical

import (
	"fmt"
	"regexp"
	"strings"
)

// doseInLine finds the dose in a medication line as clerks key it,
// "amoxicillin 500 mg oral TDS": the first number, with whatever word is
// glued to or follows it.
var doseInLine = regexp.MustCompile(`(?i)(?:^|\s)(\d+(?:[.,]\d+)?)\s*([a-zµ/%]+(?:/[a-z]+)?)?`)

// frequencyWords are words that may follow a bare number without being its
// unit ("x 5 days" is a duration, not a dose).
var durationWords = map[string]bool{"day": true, "days": true, "week": true, "weeks": true, "d": true, "wk": true, "wks": true, "hourly": true, "h": true, "hrs": true, "hours": true}

// CheckMedicationLine catches the medication errors that harm: a dose
// without a unit, or a unit that is not a dose unit. A line with no number
// (e.g. "ACT as per protocol") is accepted as written.
func CheckMedicationLine(line string) error {
	line = strings.TrimSpace(line)
	if line == "" {
		return nil
	}
	m := doseInLine.FindStringSubmatch(line)
	if m == nil {
		return nil
	}
	if unit := strings.ToLower(m[2]); unit != "" && durationWords[unit] {
		return nil
	}
	if _, _, err := ParseDose(m[1] + " " + m[2]); err != nil {
		return fmt.Errorf("%s: %w", line, err)
	}
	return nil
}

// checkMedicationList checks each item of a semicolon-separated list.
func checkMedicationList(v string) string {
	for _, item := range strings.Split(v, ";") {
		if err := CheckMedicationLine(item); err != nil {
			return err.Error()
		}
	}
	return ""
}
