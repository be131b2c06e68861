package dhis2

// Import summary statuses as DHIS2 writes them.
const (
	StatusSuccess = "SUCCESS"
	StatusWarning = "WARNING"
	StatusError   = "ERROR"
)

// ImportSummary is what the server answered to a dataValueSet import.
type ImportSummary struct {
	Status      string     `json:"status"` // SUCCESS, WARNING or ERROR
	Description string     `json:"description,omitempty"`
	Imported    int        `json:"imported"`
	Updated     int        `json:"updated"`
	Ignored     int        `json:"ignored"`
	Deleted     int        `json:"deleted"`
	Conflicts   []Conflict `json:"conflicts,omitempty"`
	DryRun      bool       `json:"dryRun,omitempty"`
}

// Conflict is a value the server refused and why.
type Conflict struct {
	Object string `json:"object"` // the UID or value concerned
	Value  string `json:"value"`  // the server's reason
}
