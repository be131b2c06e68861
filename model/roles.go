package model

import "fmt"

// Role is a user's job in the clinic. Stored on disk: append-only.
type Role string

const (
	RoleClerk      Role = "clerk"
	RoleCoder      Role = "coder"
	RoleSupervisor Role = "supervisor"
	RoleClinician  Role = "clinician"
	RoleAdmin      Role = "admin"
)

// AllRoles in the order shown to administrators.
var AllRoles = []Role{RoleClerk, RoleCoder, RoleSupervisor, RoleClinician, RoleAdmin}

// Label is the role's name as shown to people.
func (r Role) Label() string {
	switch r {
	case RoleClerk:
		return "Records clerk"
	case RoleCoder:
		return "Clinical coder"
	case RoleSupervisor:
		return "Records supervisor"
	case RoleClinician:
		return "Clinician"
	case RoleAdmin:
		return "Administrator"
	}
	return string(r)
}

// ParseRole accepts a role's stored name or its label.
func ParseRole(s string) (Role, error) {
	for _, r := range AllRoles {
		if s == string(r) || s == r.Label() {
			return r, nil
		}
	}
	return "", fmt.Errorf("%q is not a role (clerk, coder, supervisor, clinician, admin)", s)
}

// Permission is one thing a user may do. The storage layer checks these on
// every call, so a hidden button is never the only guard.
type Permission int

const (
	PermReadRecord Permission = iota + 1
	PermRegisterPatient
	PermEditPatient
	PermDeleteRecord
	PermDigitize
	PermCode
	PermSignNote
	PermReleaseInfo
	PermReview
	PermMerge
	PermManageUsers
	PermBackup
	PermSettings
	PermReadAudit
	PermPrint
	PermExport
	PermWriteNote
)

var permNames = map[Permission]string{
	PermReadRecord: "read records", PermRegisterPatient: "register patients",
	PermEditPatient: "edit patients", PermDeleteRecord: "delete or restore records",
	PermDigitize: "digitize charts", PermCode: "code diagnoses and procedures",
	PermSignNote: "sign notes", PermReleaseInfo: "release information",
	PermReview: "review charts", PermMerge: "merge patients",
	PermManageUsers: "manage users", PermBackup: "back up and restore",
	PermSettings: "change settings", PermReadAudit: "read the audit trail",
	PermPrint: "print records", PermExport: "export records", PermWriteNote: "write notes",
}

func (p Permission) String() string {
	if s, ok := permNames[p]; ok {
		return s
	}
	return fmt.Sprintf("permission %d", int(p))
}

var rolePerms = map[Role][]Permission{
	RoleClerk: {PermReadRecord, PermRegisterPatient, PermEditPatient, PermDigitize,
		PermPrint, PermWriteNote},
	RoleCoder: {PermReadRecord, PermCode, PermPrint},
	RoleSupervisor: {PermReadRecord, PermRegisterPatient, PermEditPatient, PermDeleteRecord,
		PermDigitize, PermReleaseInfo, PermReview, PermMerge, PermPrint, PermExport,
		PermReadAudit, PermWriteNote},
	RoleClinician: {PermReadRecord, PermSignNote, PermWriteNote, PermPrint},
	RoleAdmin: {PermReadRecord, PermRegisterPatient, PermEditPatient, PermDeleteRecord,
		PermManageUsers, PermBackup, PermSettings, PermReadAudit, PermPrint, PermExport},
}

// Allows reports whether the role grants the permission.
func (r Role) Allows(p Permission) bool {
	for _, q := range rolePerms[r] {
		if q == p {
			return true
		}
	}
	return false
}

// MayOpenRestricted reports whether a role may open a restricted record
// without breaking the glass.
func (r Role) MayOpenRestricted() bool { return r == RoleSupervisor }
