package match

// DefaultModel's m and u probabilities come from two sources. FEBRL
// (datasets 1–3, see febrl_test.go) gives m, the chance of each outcome for
// one person's two records, but its duplicates have whole values replaced
// far more often than a clinic's (a name differs in 9–14% of its pairs), so
// disagreement is set rarer (6%) than FEBRL measures; the synthetic clinic of
// dossier/model/demo, with clerks' typos, nicknames and stated ages, says 2%.
// u, the chance for two different people, is measured on random FEBRL pairs
// but raised where a clinic's catchment is less varied than FEBRL's
// synthetic Australia: common names, a few dozen villages (the demo clinic:
// .024), shared household phones, mothers' national IDs used for their
// children. Missing values weigh nothing, so national IDs are optional.
//
//	field        m agree  m similar  u agree  u similar   u measured
//	given        .87      .07        .01      .003        FEBRL .006/.0025, demo .0044
//	family       .85      .09        .015     .003        FEBRL .005/.0015, demo .0047
//	birth        .925     .05        .0002    .01         FEBRL .00003; heaping on 1 Jan
//	sex          .97      –          .5       –
//	phone        .60      .05        .001     .0002       shared household phones
//	address      .70      .20        .001     .002        FEBRL ≈0; vague village addresses
//	locality     .87      .05        .03      .005        FEBRL .001, demo .024
//	postcode     .78      .19        .005     .013        FEBRL .001/.013
//	region       .95      –          .22      –           FEBRL .22, demo .15
//	national ID  .87      .07        .0001    .0005       FEBRL ≈0; shared in families
//
// Birth's "similar" includes a stated age within 3 years. Weak levels: a
// birth year off by one with month and day different (m .005, u .03, as in
// FEBRL) counts against; a bare initial that fits the other name (no
// unconditional m and u) weighs +2.
//
// The thresholds were set on FEBRL and on the demo clinic (20,000 patients,
// 8% duplicates): matches at 15 keep FEBRL's F1 ≥ 0.97 without national IDs
// and the demo's precision ≥ 0.99; a mother and child who share a home stay
// apart (compare_test.go). In registers far larger than 100,000 people,
// namesakes in one village multiply: raise MatchAt by about log2(N/100,000).
var DefaultModel = func() Model {
	m := Model{
		Given:        WeightsFromMU(.87, .07, 0, .01, .003, 0),
		Family:       WeightsFromMU(.85, .09, 0, .015, .003, 0),
		Birth:        WeightsFromMU(.925, .05, .005, .0002, .01, .03),
		Sex:          WeightsFromMU(.97, 0, 0, .5, 0, 0),
		Phone:        WeightsFromMU(.60, .05, 0, .001, .0002, 0),
		Address:      WeightsFromMU(.70, .20, 0, .001, .002, 0),
		Locality:     WeightsFromMU(.87, .05, 0, .03, .005, 0),
		Postcode:     WeightsFromMU(.78, .19, 0, .005, .013, 0),
		Region:       WeightsFromMU(.95, 0, 0, .22, 0, 0),
		NationalID:   WeightsFromMU(.87, .07, 0, .0001, .0005, 0),
		HouseholdCap: 12,
		MatchAt:      15,
		ReviewAt:     12,
	}
	m.Given.Weak, m.Family.Weak = 2, 2
	return m
}()
