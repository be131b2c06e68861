package model

import "time"

// Messages exchanged with other systems (a laboratory, a hospital's
// admissions system) over HL7 v2. Every message received is kept, sealed,
// with what became of it: applied, or waiting in the Interface errors queue
// with the reason, for a supervisor to fix and replay. Nothing is dropped.

// InboundStatus is what became of a received message. Stored: append-only.
type InboundStatus string

const (
	InboundApplied   InboundStatus = "applied"   // its changes are in the records
	InboundFailed    InboundStatus = "failed"    // could not be applied: in the Interface errors queue
	InboundRefused   InboundStatus = "refused"   // a type Dossier does not take, or unreadable: nothing to apply
	InboundDismissed InboundStatus = "dismissed" // a supervisor took it out of the queue without applying it
)

// Label is the status as shown on screen.
func (s InboundStatus) Label() string {
	switch s {
	case InboundApplied:
		return "Applied"
	case InboundFailed:
		return "Waiting: could not be applied"
	case InboundRefused:
		return "Refused"
	case InboundDismissed:
		return "Dismissed"
	}
	return string(s)
}

// InboundMessage is one received message and what became of it.
type InboundMessage struct {
	ID        ID            `json:"id"`
	Protocol  string        `json:"protocol"` // "hl7v2"
	Sender    string        `json:"sender"`   // MSH-3|MSH-4: with ControlID, what makes a message unique
	ControlID string        `json:"controlId"`
	Type      string        `json:"type"` // "ADT^A01"
	Version   string        `json:"version,omitempty"`
	Raw       string        `json:"raw"`              // the message as received (or as last fixed)
	Source    string        `json:"source,omitempty"` // "file admissions.hl7", "MLLP 127.0.0.1"
	Received  time.Time     `json:"received"`
	Status    InboundStatus `json:"status"`
	Reason    string        `json:"reason,omitempty"` // why it failed or was refused
	Patient   ID            `json:"patient,omitempty"`
	Attempts  int           `json:"attempts"`
	AppliedAt time.Time     `json:"appliedAt,omitempty"`
}

// InboundEvent is what a message asks for, read from it by the HL7 reader
// and applied by the store in one transaction.
type InboundEvent struct {
	Trigger string // "A01" … "A40", "R01"
	// Identifiers are the patient's identifiers in the sender's system
	// (PID-3), the medical record number first; they find the patient by
	// MRN, former MRN or old chart number.
	Identifiers []string
	Patient     Patient // demographics from PID (no ID or MRN)
	// MergeFrom are the identifiers of the patient merged away (MRG-1).
	MergeFrom []string
	Class     EncounterType
	Ward, Bed string
	At        time.Time // when the event happened (admission, transfer, discharge)
	// Disposition is the stored value of a clinical.Disposition for a
	// discharge ("home" when the sender did not say).
	Disposition string
	AdmittedBy  string
	Reason      string
	Reports     []LabReport // ORU^R01: one per order (OBR) with its results
}

// LabResult is one result a laboratory sent (an OBX segment).
type LabResult struct {
	Code     string    `json:"code,omitempty"`   // OBX-3 identifier, e.g. a LOINC code
	System   string    `json:"system,omitempty"` // its coding system ("LN")
	Name     string    `json:"name"`             // OBX-3 text
	Value    string    `json:"value"`
	Unit     string    `json:"unit,omitempty"`
	RefRange string    `json:"ref,omitempty"`
	Flag     string    `json:"flag,omitempty"`   // abnormal flag: H, L, A …
	Status   string    `json:"status,omitempty"` // F final, P preliminary, C corrected
	At       time.Time `json:"at,omitempty"`
}

// LabReport is a laboratory's report of one order (OBR) and its results.
type LabReport struct {
	ID        ID          `json:"id"`
	PatientID ID          `json:"patient"`
	Test      string      `json:"test,omitempty"`  // OBR-4: what was ordered
	Order     string      `json:"order,omitempty"` // filler's order number (OBR-3)
	Collected time.Time   `json:"collected,omitempty"`
	Results   []LabResult `json:"results"`
	Sender    string      `json:"sender,omitempty"`
	Message   ID          `json:"message,omitempty"` // the InboundMessage it came in
}

// InterfaceSettings are the clinic's HL7 v2 settings, kept with the clinic
// and changed by an administrator.
type InterfaceSettings struct {
	// MLLPPort is the port `dossier listen` answers on when none is given;
	// 0: no listener configured (the listener is off by default).
	MLLPPort int `json:"mllpPort,omitempty"`
	// AllowLAN lets the listener answer other computers; otherwise it
	// listens on this computer only (127.0.0.1).
	AllowLAN bool `json:"allowLan,omitempty"`
	// SendADT sends ADT A01/A02/A03/A08 for admissions, transfers,
	// discharges and demographic changes made in Dossier.
	SendADT bool `json:"sendAdt,omitempty"`
	// OutFolder receives the messages as files (one .hl7 file each) when
	// set; PeerAddr ("host:port") receives them over MLLP.
	OutFolder string `json:"outFolder,omitempty"`
	PeerAddr  string `json:"peerAddr,omitempty"`
}

// OutboundStatus is where a message to send stands. Stored: append-only.
type OutboundStatus string

const (
	OutboundPending  OutboundStatus = "pending"  // waiting to be sent (or to be tried again)
	OutboundSent     OutboundStatus = "sent"     // the peer acknowledged it (AA), or it was written to the folder
	OutboundRejected OutboundStatus = "rejected" // the peer refused it (AE/AR): not tried again
	// OutboundCancelled: a supervisor took it out of the outbox with a
	// reason (the stay was keyed wrongly, the peer will never take it);
	// it is not sent and no longer holds back the messages after it.
	OutboundCancelled OutboundStatus = "cancelled"
)

// Label is the status as the Outbox shows it: a waiting message whose
// last attempt failed says so.
func (o OutboundMessage) Label() string {
	switch o.Status {
	case OutboundPending:
		if o.LastError != "" {
			return "Waiting: last try failed"
		}
		return "Waiting"
	case OutboundSent:
		return "Sent"
	case OutboundRejected:
		return "Failed: refused"
	case OutboundCancelled:
		return "Cancelled"
	}
	return string(o.Status)
}

// OutboundMessage is an ADT event made in Dossier, kept in the outbox
// until it is delivered. The message text is built when it is sent, from
// the records as they are then (a later correction goes out with it).
type OutboundMessage struct {
	ID        ID             `json:"id"`
	Trigger   string         `json:"trigger"` // A01, A02, A03, A08
	Patient   ID             `json:"patient"`
	Encounter ID             `json:"encounter,omitempty"`
	ControlID string         `json:"controlId"`
	Created   time.Time      `json:"created"`
	Status    OutboundStatus `json:"status"`
	Attempts  int            `json:"attempts,omitempty"`
	LastError string         `json:"lastError,omitempty"`
	SentAt    time.Time      `json:"sentAt,omitempty"`
	SentTo    string         `json:"sentTo,omitempty"`
	// Reason is the supervisor's reason for a cancelled message.
	Reason string `json:"reason,omitempty"`
}
