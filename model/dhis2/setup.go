package dhis2

import (
	"net/url"
	"strings"

	"dossier/model"
)

// Setup is the clinic's return settings, one record set by administrators:
// the imported definition and the ministry's server. It is sealed like
// every record, so the password is never on disk in the clear.
type Setup struct {
	Definition     Definition `json:"definition"`
	HasDefinition  bool       `json:"hasDefinition"`
	DefinitionFile string     `json:"definitionFile,omitempty"` // the file it was imported from, for people
	Server         Server     `json:"server"`
}

// Server is where returns are posted.
type Server struct {
	URL      string `json:"url"` // the DHIS2 instance's base, e.g. https://hmis.health.go.example/dhis
	Username string `json:"username"`
	Password string `json:"password"`
}

// Set reports whether a server has been set.
func (s Server) Set() bool { return s.URL != "" }

// Validate checks a server setting; an empty URL clears it.
func (s *Server) Validate() error {
	s.URL = strings.TrimRight(strings.TrimSpace(s.URL), "/")
	s.Username = strings.TrimSpace(s.Username)
	if s.URL == "" {
		*s = Server{}
		return nil
	}
	u, err := url.Parse(s.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.User != nil {
		return model.Errorf(model.Invalid, "the server address must be like https://hmis.example.org/dhis (no user name or query in it)")
	}
	if s.Username == "" || s.Password == "" {
		return model.Errorf(model.Invalid, "give the user name and password the ministry issued for this facility")
	}
	return nil
}

// Endpoint is the dataValueSets resource under the server's base.
func (s Server) Endpoint() string { return s.URL + "/api/dataValueSets" }
