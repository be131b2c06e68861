package match
import ("testing";"math/rand";"fmt")
func TestScratch(t *testing.T){
 for _, ds := range []string{"dataset1","dataset2","dataset3"} {
  people, truth, err := readFEBRL("/work/shared/data/febrl/"+ds+".csv")
  if err != nil { t.Fatal(err) }
  prep := make([]Prepared, len(people))
  for i := range people { prep[i] = Prepare(people[i]) }
  m := &DefaultModel
  var mc, uc [nFields][5]int
  var lv [nFields]level
  for pr := range truth { compareLevels(&prep[pr[0]], &prep[pr[1]], m, &lv); for f:=range nFields { mc[f][lv[f]]++ } }
  rng := rand.New(rand.NewSource(1))
  nu := 0
  for nu < 500000 { i, j := rng.Intn(len(prep)), rng.Intn(len(prep)); if i==j || truth[[2]int{min(i,j),max(i,j)}] {continue}; nu++; compareLevels(&prep[i], &prep[j], m, &lv); for f:=range nFields { uc[f][lv[f]]++ } }
  fmt.Println(ds, len(people), len(truth))
  for f := range nFields {
    // conditional on both present
    mt := float64(len(truth)-mc[f][0]); ut := float64(nu-uc[f][0])
    fmt.Printf("%-12s miss m=%.3f u=%.3f |", fieldNames[f], float64(mc[f][0])/float64(len(truth)), float64(uc[f][0])/float64(nu))
    for l := 1; l < 5; l++ { fmt.Printf(" %s m=%.4f u=%.5f |", []string{"","agr","sim","weak","dif"}[l], float64(mc[f][l])/mt, float64(uc[f][l])/ut) }
    fmt.Println()
  }
 }
}
