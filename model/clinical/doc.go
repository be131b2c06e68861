// Package clinical holds the pure rules for transcribing clinical content
// from paper charts: dates as clerks type them, inpatient stays, medications
// and other chart items, observations with units and reference ranges,
// double data entry, note signing and the field lists of each transcription
// template.
//
// Like package model it has no UI and no storage, and it imports only the
// standard library and dossier/model, so the screens, the store and the
// reports can all depend on it. Error messages are written for the records
// clerk at the keyboard: plain words, saying what to fix.
package clinical
