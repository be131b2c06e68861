package match
import ("testing";"fmt")
func TestScratch2(t *testing.T){
  people, truth, _ := readFEBRL("/work/shared/data/febrl/dataset3.csv")
  prep := make([]Prepared, len(people))
  for i := range people { people[i].NationalID=""; prep[i] = Prepare(people[i]) }
  keys := make([]map[string]bool, len(prep))
  for i := range prep { keys[i] = map[string]bool{}; for _, k := range BlockingKeys(&prep[i]) { keys[i][k]=true } }
  nb, ns := 0, 0
  for pr := range truth {
    shared := false
    for k := range keys[pr[0]] { if keys[pr[1]][k] { shared = true } }
    a, b := people[pr[0]], people[pr[1]]
    if !shared { nb++; if nb <= 25 { fmt.Printf("NOKEY %v\n      %v\n", a, b) } ; continue }
    c := DefaultModel.Compare(&prep[pr[0]], &prep[pr[1]])
    if c.Score < DefaultModel.MatchAt { ns++; if ns <= 25 { fmt.Printf("LOW %.1f %v\n      %v\n      %v\n", c.Score, a, b, c.Fields) } }
  }
}
