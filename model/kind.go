package model

// Kind names a type of record. The names are written to disk as bucket names,
// so this list is append-only: never rename or reuse a value.
type Kind string

const (
	KindUser      Kind = "user"
	KindClinic    Kind = "clinic"
	KindPatient   Kind = "patient"
	KindEncounter Kind = "encounter"
	KindNote      Kind = "note"
	// Reserved for the features that build on the foundation; listed now so
	// the store's layout and permissions are designed for them.
	KindDocument      Kind = "document"
	KindPage          Kind = "page"
	KindCode          Kind = "code"
	KindRequest       Kind = "request"
	KindDisclosure    Kind = "disclosure"
	KindReview        Kind = "review"
	KindDuplicate     Kind = "duplicate"     // a possible duplicate pair and the decision on it
	KindMerge         Kind = "merge"         // a merge, with what it moved, so it can be undone
	KindCodeSet       Kind = "codeset"       // an imported code set (name, version, compressed codes)
	KindBatch         Kind = "batch"         // a box of paper charts being digitized
	KindChartFile     Kind = "chartfile"     // a paper chart's location; revisions are its movements
	KindSpecimen      Kind = "specimen"      // a sample sent to the laboratory
	KindAuthorization Kind = "authorization" // a patient's signed permission to release records
	KindTranscript    Kind = "transcript"    // a paper document keyed into a template
	KindAllergy       Kind = "allergy"       // an allergy or adverse reaction on the patient's list
	KindProblem       Kind = "problem"       // an entry on the patient's problem list
	KindAddendum      Kind = "addendum"      // text added to a signed note
	KindDeficiency    Kind = "deficiency"    // something a chart still lacks, and who must complete it
	KindChartRules    Kind = "chartrules"    // the clinic's completeness rules (one record)
	KindRecordAudit   Kind = "recordaudit"   // a sample of stays reviewed against the audit checklist
	KindAuditList     Kind = "auditlist"     // the clinic's record-audit checklist (one record)
	KindObservation   Kind = "observation"   // a vital sign or result brought in from another system (FHIR)
	KindMedication    Kind = "medication"    // a medication statement brought in from another system (FHIR)
	KindInboundMsg    Kind = "inboundmsg"    // a message received from another system (HL7 v2), applied or waiting in Interface errors
	KindLabReport     Kind = "labreport"     // results a laboratory system sent (HL7 ORU^R01)
	KindOutboundMsg   Kind = "outboundmsg"   // a message Dossier sends to another system (HL7 v2 ADT), kept until delivered
	KindReturnSetup   Kind = "returnsetup"   // the ministry's return: definition and server (one record)
	KindReturn        Kind = "return"        // a ministry's return saved to a file or sent
	KindStatSettings  Kind = "statsettings"  // wards, beds, notifiable diseases for the statistics (one record)
)

// AllKinds lists every kind in a stable order (counts in backup manifests).
var AllKinds = []Kind{KindUser, KindClinic, KindPatient, KindEncounter, KindNote,
	KindDocument, KindPage, KindCode, KindRequest, KindDisclosure, KindReview, KindDuplicate, KindMerge, KindCodeSet,
	KindBatch, KindChartFile, KindSpecimen, KindAuthorization, KindTranscript,
	KindAllergy, KindProblem, KindAddendum, KindDeficiency, KindChartRules,
	KindRecordAudit, KindAuditList, KindObservation, KindMedication, KindInboundMsg, KindLabReport, KindOutboundMsg,
	KindReturnSetup, KindReturn, KindStatSettings}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, v := range AllKinds {
		if v == k {
			return true
		}
	}
	return false
}
