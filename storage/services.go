package storage

// The feature services over the record engine. Each is a small value reached
// from a Session (sess.Patients().Get(id)); it holds only the session, so
// permission checks, auditing and transactions stay the session's.

// Patients registers, finds and updates patients, and searches the patient
// index.
type Patients struct{ sess *Session }

// Patients is the session's Patients service.
func (sess *Session) Patients() Patients { return Patients{sess} }

// Duplicates finds likely duplicate registrations, records decisions on pairs,
// and merges and unmerges patients.
type Duplicates struct{ sess *Session }

// Duplicates is the session's Duplicates service.
func (sess *Session) Duplicates() Duplicates { return Duplicates{sess} }

// Pages imports scanned pages and works on pages not yet filed or filed.
type Pages struct{ sess *Session }

// Pages is the session's Pages service.
func (sess *Session) Pages() Pages { return Pages{sess} }

// Documents files pages as documents in a patient's chart and lists them.
type Documents struct{ sess *Session }

// Documents is the session's Documents service.
func (sess *Session) Documents() Documents { return Documents{sess} }

// Batches tracks scanning batches through preparation, indexing and quality
// check.
type Batches struct{ sess *Session }

// Batches is the session's Batches service.
func (sess *Session) Batches() Batches { return Batches{sess} }

// Coding is the coding queue, coded diagnoses and coder statistics.
type Coding struct{ sess *Session }

// Coding is the session's Coding service.
func (sess *Session) Coding() Coding { return Coding{sess} }

// CodeSets installs and reads code sets (ICD, CPT, …).
type CodeSets struct{ sess *Session }

// CodeSets is the session's CodeSets service.
func (sess *Session) CodeSets() CodeSets { return CodeSets{sess} }

// Release is release of information: requests, authorizations, packets and
// disclosures.
type Release struct{ sess *Session }

// Release is the session's Release service.
func (sess *Session) Release() Release { return Release{sess} }

// Admissions admits, transfers and discharges inpatients and counts the
// census.
type Admissions struct{ sess *Session }

// Admissions is the session's Admissions service.
func (sess *Session) Admissions() Admissions { return Admissions{sess} }

// Encounters records encounters, notes and chart items and reads a patient's
// chart.
type Encounters struct{ sess *Session }

// Encounters is the session's Encounters service.
func (sess *Session) Encounters() Encounters { return Encounters{sess} }

// Clinical keeps the clinical lists (allergies, problems) and signed notes
// with addenda.
type Clinical struct{ sess *Session }

// Clinical is the session's Clinical service.
func (sess *Session) Clinical() Clinical { return Clinical{sess} }

// Transcripts is double keying of scanned results: transcripts, second keying
// and agreement.
type Transcripts struct{ sess *Session }

// Transcripts is the session's Transcripts service.
func (sess *Session) Transcripts() Transcripts { return Transcripts{sess} }

// Drafts keeps each user's unsaved forms (autosave).
type Drafts struct{ sess *Session }

// Drafts is the session's Drafts service.
func (sess *Session) Drafts() Drafts { return Drafts{sess} }

// ChartFiles tracks where each paper chart is: shelved, checked out, returned.
type ChartFiles struct{ sess *Session }

// ChartFiles is the session's ChartFiles service.
func (sess *Session) ChartFiles() ChartFiles { return ChartFiles{sess} }

// Specimens logs specimens sent out and their outcomes.
type Specimens struct{ sess *Session }

// Specimens is the session's Specimens service.
func (sess *Session) Specimens() Specimens { return Specimens{sess} }

// Admin is clinic administration: users, clinic settings, the audit trail and
// backups.
type Admin struct{ sess *Session }

// Admin is the session's Admin service.
func (sess *Session) Admin() Admin { return Admin{sess} }

// Outputs accounts for what leaves the store on paper or in a file:
// printing (labels, cover sheets, recovery sheets, the accounting of
// disclosures) needs PermPrint, exporting (lists, registers, statistics,
// exchange files) PermExport; both are audited.
type Outputs struct{ sess *Session }

// Outputs is the session's Outputs service.
func (sess *Session) Outputs() Outputs { return Outputs{sess} }

// Deficiencies is chart completion: the completeness rules, the
// deficiencies they find (kept in step by every save, deficiencyreview.go),
// the queue by person and the supervisor's actions on them.
type Deficiencies struct{ sess *Session }

// Deficiencies is the session's Deficiencies service.
func (sess *Session) Deficiencies() Deficiencies { return Deficiencies{sess} }

// RecordAudits is the supervisors' chart audits: a seeded sample of stays
// reviewed against the clinic's checklist (recordaudits.go).
type RecordAudits struct{ sess *Session }

// RecordAudits is the session's RecordAudits service.
func (sess *Session) RecordAudits() RecordAudits { return RecordAudits{sess} }

// Statistics keeps the wards and beds, the notifiable diseases and the
// date index the facility's statistics are computed from.
type Statistics struct{ sess *Session }

// Statistics is the session's Statistics service.
func (sess *Session) Statistics() Statistics { return Statistics{sess} }
