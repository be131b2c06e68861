package cli

import (
	"context"
	"errors"
	"fmt"

	scanflow "dossier/app/flow/scan"
	"dossier/model"
	"dossier/storage"
)

// runScan imports scanned files headless, as the Scanning screen does.
func runScan(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "scan")
	batchLabel := fs.String("batch", "", "the label of the box (batch) the pages belong to; created when new")
	if err := fs.Parse(args); err != nil {
		return err
	}
	paths := fs.Args()
	if len(paths) == 0 {
		return errors.New("usage: dossier --user CLERK scan [--batch LABEL] FILE…")
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	batch, err := batchByLabel(sess, *batchLabel)
	if err != nil {
		return err
	}
	inputs, unread := scanflow.Read(paths)
	sum, err := scanflow.Import(context.Background(), sess, batch, inputs, nil)
	sum.Failed = append(unread, sum.Failed...)
	sum.Files = len(paths)
	fmt.Fprintln(env.Stdout, sum.String())
	if err != nil {
		return err
	}
	if len(sum.Failed) > 0 {
		return fmt.Errorf("%d of %d files were not imported", len(sum.Failed), len(paths))
	}
	return nil
}

// batchByLabel finds an unfinished batch by its label, or registers it.
func batchByLabel(sess *storage.Session, label string) (model.ID, error) {
	if label == "" {
		return model.ZeroID, nil
	}
	bs, err := sess.Batches().List()
	if err != nil {
		return model.ZeroID, err
	}
	for _, b := range bs {
		if b.Label == label && !b.Stage.Done() {
			return b.ID, nil
		}
	}
	b := model.Batch{Label: label}
	if err := sess.Batches().Create(&b); err != nil {
		return model.ZeroID, err
	}
	return b.ID, nil
}
