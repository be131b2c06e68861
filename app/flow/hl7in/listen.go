package hl7in

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"

	"dossier/reports/imports/hl7"
	"dossier/storage"
)

// Listener is the MLLP listener: it answers each framed message with its
// ACK once the message is applied or kept. Off by default; it answers this
// computer only unless the administrator allowed the LAN (the clinic's
// Interfaces.AllowLAN).
type Listener struct {
	sess  *storage.Session
	ln    net.Listener
	apply sync.Mutex // one message at a time, in the order received

	mu     sync.Mutex
	status Status
	conns  map[net.Conn]bool

	// OnMessage, when set before Serve, hears of each message answered.
	OnMessage func(Result)
}

// Status is what the Interfaces screen shows of a running listener.
type Status struct {
	Addr        string
	Connections int // open now
	Received    int
	Applied     int
	Errors      int // AE: kept in Interface errors
	Refused     int // AR
	Last        time.Time
}

// ListenAddr is where a listener on port binds: 127.0.0.1 unless the LAN
// is allowed.
func ListenAddr(port int, allowLAN bool) string {
	host := "127.0.0.1"
	if allowLAN {
		host = "0.0.0.0"
	}
	return net.JoinHostPort(host, strconv.Itoa(port))
}

// Listen opens the listener (port 0 picks a free one, for tests).
func Listen(sess *storage.Session, port int, allowLAN bool) (*Listener, error) {
	if port < 0 || port > 65535 {
		return nil, fmt.Errorf("port %d is not a TCP port", port)
	}
	ln, err := net.Listen("tcp", ListenAddr(port, allowLAN))
	if err != nil {
		return nil, fmt.Errorf("cannot listen on port %d: %w", port, err)
	}
	l := &Listener{sess: sess, ln: ln, conns: map[net.Conn]bool{}}
	l.status.Addr = ln.Addr().String()
	return l, nil
}

// Addr is the address the listener answers on.
func (l *Listener) Addr() string { return l.ln.Addr().String() }

// Status is a copy of the counts so far.
func (l *Listener) Status() Status {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.status
	s.Connections = len(l.conns)
	return s
}

// Serve answers connections until ctx ends or Close is called.
func (l *Listener) Serve(ctx context.Context) error {
	go func() {
		<-ctx.Done()
		l.Close()
	}()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		c, err := l.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		l.mu.Lock()
		l.conns[c] = true
		l.mu.Unlock()
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.serveConn(c)
		}()
	}
}

// Close stops listening and drops open connections (a message being
// applied finishes first: its transaction is not cut).
func (l *Listener) Close() {
	l.ln.Close()
	l.apply.Lock()
	defer l.apply.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
	for c := range l.conns {
		c.Close()
	}
}

func (l *Listener) serveConn(c net.Conn) {
	defer func() {
		c.Close()
		l.mu.Lock()
		delete(l.conns, c)
		l.mu.Unlock()
	}()
	source := "MLLP " + c.RemoteAddr().String()
	r := hl7.NewFrameReader(c)
	for {
		text, err := r.Next()
		if err != nil {
			// End of stream, or a frame cut mid-stream: nothing of the
			// partial message is applied, and with no ACK the sender
			// sends it again.
			return
		}
		l.apply.Lock()
		res, err := Apply(l.sess, text, source)
		l.apply.Unlock()
		if err != nil {
			// Not even kept (the store is locked or failing): no ACK, so
			// the sender keeps the message and tries again.
			return
		}
		l.count(res)
		if l.OnMessage != nil {
			l.OnMessage(res)
		}
		c.SetWriteDeadline(time.Now().Add(30 * time.Second))
		if _, err := c.Write(hl7.Frame(res.ACK)); err != nil {
			return
		}
	}
}

func (l *Listener) count(r Result) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.status.Received++
	l.status.Last = time.Now()
	switch r.Code {
	case hl7.AckAccept:
		l.status.Applied++
	case hl7.AckReject:
		l.status.Refused++
	default:
		l.status.Errors++
	}
}

// Send delivers one message to an MLLP peer and returns its ACK: the
// client side, for HL7 out and for tests.
func Send(ctx context.Context, addr, msg string) (hl7.Message, error) {
	var d net.Dialer
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	c, err := d.DialContext(dctx, "tcp", addr)
	if err != nil {
		return hl7.Message{}, err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := c.Write(hl7.Frame(msg)); err != nil {
		return hl7.Message{}, err
	}
	ack, err := hl7.NewFrameReader(c).Next()
	if err != nil {
		return hl7.Message{}, fmt.Errorf("no acknowledgement: %w", err)
	}
	return hl7.Parse(ack)
}
