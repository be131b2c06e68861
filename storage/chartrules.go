package storage

import (
	"errors"
	"fmt"
	"strings"

	"dossier/model"

	bolt "go.etcd.io/bbolt"
)

// chartRulesID is the fixed ID of the single completeness-rules record.
var chartRulesID = model.ID{0: 0xC2}

// chartRulesTx reads the rules inside a transaction: the cached copy, or
// the record, or the defaults while no supervisor has saved any.
func (sess *Session) chartRulesTx(tx *bolt.Tx) (model.ChartRules, error) {
	s := sess.store
	s.defMu.Lock()
	cached := s.rules
	s.defMu.Unlock()
	if cached != nil {
		return cloneRules(*cached), nil
	}
	r, _, err := getRecord[model.ChartRules](sess, tx, model.KindChartRules, chartRulesID)
	if errors.Is(err, ErrNotFound) {
		r, err = model.DefaultChartRules(), nil
	}
	if err != nil {
		return r, wrap("read the completeness rules", err)
	}
	s.defMu.Lock()
	c := cloneRules(r)
	s.rules = &c
	s.defMu.Unlock()
	return r, nil
}

func cloneRules(r model.ChartRules) model.ChartRules {
	out := r
	out.Rules = make([]model.CompletenessRule, len(r.Rules))
	for i, x := range r.Rules {
		x.AppliesTo = append([]model.Facet(nil), x.AppliesTo...)
		out.Rules[i] = x
	}
	return out
}

// Rules returns the clinic's completeness rules (the defaults until a
// supervisor saves a set).
func (svc Deficiencies) Rules() (model.ChartRules, error) {
	sess := svc.sess
	if err := sess.require(model.PermReadRecord); err != nil {
		return model.ChartRules{}, err
	}
	var r model.ChartRules
	err := sess.view(func(tx *bolt.Tx) (err error) { r, err = sess.chartRulesTx(tx); return })
	return r, err
}

// SaveRules replaces the completeness rules (records supervisors), as a new
// revision with the reason given. They apply from the next change of each
// record: what is already open stays until its record changes.
func (svc Deficiencies) SaveRules(r model.ChartRules, reason string) error {
	sess := svc.sess
	if err := sess.require(model.PermReview); err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return model.Errorf(model.Invalid, "%s", err.Error())
	}
	if strings.TrimSpace(reason) == "" {
		return model.Errorf(model.Invalid, "say why the rules change")
	}
	err := sess.update(func(tx *bolt.Tx) error {
		op := model.ActEdit
		if heads, _, _ := kindBuckets(tx, model.KindChartRules, false); heads == nil || heads.Get(chartRulesID[:]) == nil {
			op = model.ActCreate
		}
		if err := sess.write(tx, writeOp{kind: model.KindChartRules, id: chartRulesID, body: r, op: op,
			reason: fmt.Sprintf("completeness rules (%d): %s", len(r.Rules), reason)}); err != nil {
			return err
		}
		s := sess.store
		tx.OnCommit(func() {
			s.defMu.Lock()
			c := cloneRules(r)
			s.rules = &c
			s.defMu.Unlock()
		})
		return nil
	})
	return wrap("save the completeness rules", err)
}
