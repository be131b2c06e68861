package assets

import _ "embed"

// ExampleReturnDefinition is an example report definition for the
// ministry's monthly return (see the README's "The ministry's return"): a
// typical district HMIS outpatient and inpatient summary, with made-up
// UIDs the administrator replaces with the ministry's.
//
//go:embed returns/example-monthly-opd-ipd.json
var ExampleReturnDefinition []byte
