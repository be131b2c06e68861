package dhis2

import (
	"errors"
	"testing"

	"dossier/model"
	md "dossier/model/dhis2"
)

func TestParseImportSummary(t *testing.T) {
	for _, c := range []struct {
		name, body string
		want       md.ImportSummary
	}{
		{"web message (2.36+)", `{"httpStatus":"Conflict","httpStatusCode":409,"status":"WARNING","message":"One more conflicts encountered, please check import summary.",
			"response":{"responseType":"ImportSummary","status":"WARNING","importOptions":{"dryRun":false},"description":"Import process completed successfully",
			"importCount":{"imported":2,"updated":1,"ignored":1,"deleted":0},
			"conflicts":[{"object":"aUAkb9aCCCk","objects":{"dataElement":"aUAkb9aCCCk"},"value":"Data element not found or not accessible","errorCode":"E7610","indexes":[2]}],
			"dataSetComplete":"false"}}`,
			md.ImportSummary{Status: "WARNING", Description: "Import process completed successfully", Imported: 2, Updated: 1, Ignored: 1,
				Conflicts: []md.Conflict{{Object: "aUAkb9aCCCk", Value: "Data element not found or not accessible"}}}},
		{"summary (older)", `{"responseType":"ImportSummary","status":"SUCCESS","importCount":{"imported":3,"updated":0,"ignored":0,"deleted":0}}`,
			md.ImportSummary{Status: "SUCCESS", Imported: 3}},
		{"xml (old docs)", `<importSummary><dataValueCount imported="2" updated="1" ignored="1"/><dataSetComplete>false</dataSetComplete></importSummary>`,
			md.ImportSummary{Status: "SUCCESS", Imported: 2, Updated: 1, Ignored: 1}},
		{"xml web message", `<webMessage><status>ERROR</status><response responseType="ImportSummary"><status>ERROR</status><description>Org unit not in hierarchy</description><importCount imported="0" updated="0" ignored="3" deleted="0"/><conflicts><conflict object="DiszpKrYNg8" value="Organisation unit not in hierarchy of current user"/></conflicts></response></webMessage>`,
			md.ImportSummary{Status: "ERROR", Description: "Org unit not in hierarchy", Ignored: 3,
				Conflicts: []md.Conflict{{Object: "DiszpKrYNg8", Value: "Organisation unit not in hierarchy of current user"}}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseImportSummary([]byte(c.body))
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != c.want.Status || got.Description != c.want.Description || got.Imported != c.want.Imported ||
				got.Updated != c.want.Updated || got.Ignored != c.want.Ignored || len(got.Conflicts) != len(c.want.Conflicts) {
				t.Fatalf("got %+v\nwant %+v", got, c.want)
			}
			for i := range got.Conflicts {
				if got.Conflicts[i] != c.want.Conflicts[i] {
					t.Fatalf("conflict %d: %+v", i, got.Conflicts[i])
				}
			}
		})
	}
	for _, bad := range []string{"", "<html><body>Login</body></html>", `{"status":"OK"}`, "not json", `{"importCount":{"imported":-1}}`} {
		if _, err := ParseImportSummary([]byte(bad)); !errors.Is(err, model.Errorf(model.Damaged, "")) {
			t.Errorf("%q: %v, want a Damaged error", bad, err)
		}
	}
}

func FuzzParseImportSummary(f *testing.F) {
	f.Add(`{"response":{"status":"SUCCESS","importCount":{"imported":1}}}`)
	f.Add(`<importSummary><dataValueCount imported="2"/><conflicts><conflict object="a" value="b"/></conflicts></importSummary>`)
	f.Add(`{"status":"WARNING","importCount":{"ignored":2},"conflicts":[{"object":"x","value":"y"}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		s, err := ParseImportSummary([]byte(body))
		if err != nil {
			return
		}
		switch s.Status {
		case md.StatusSuccess, md.StatusWarning, md.StatusError:
		default:
			t.Fatalf("status %q", s.Status)
		}
		if s.Imported < 0 || s.Updated < 0 || s.Ignored < 0 || len(s.Conflicts) > maxConflicts {
			t.Fatalf("summary %+v", s)
		}
	})
}
