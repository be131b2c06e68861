package hl7

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// MLLP (the Minimal Lower Layer Protocol) frames each message on a TCP
// stream: a vertical tab (0x0B) before, a file separator and carriage
// return (0x1C 0x0D) after.
const (
	mllpStart = 0x0b
	mllpEnd   = 0x1c
	mllpCR    = 0x0d
)

// MaxFrame is the largest message accepted: a laboratory report with
// embedded PDFs can be a few megabytes; more is a broken sender.
const MaxFrame = 16 << 20

// ErrFrameTooLarge is a frame larger than MaxFrame.
var ErrFrameTooLarge = errors.New("MLLP frame larger than 16 MiB")

// Frame wraps a message for MLLP.
func Frame(msg string) []byte {
	b := make([]byte, 0, len(msg)+3)
	b = append(b, mllpStart)
	b = append(b, msg...)
	return append(b, mllpEnd, mllpCR)
}

// FrameReader reads MLLP frames from a stream.
type FrameReader struct{ r *bufio.Reader }

// NewFrameReader reads frames from r.
func NewFrameReader(r io.Reader) *FrameReader { return &FrameReader{bufio.NewReader(r)} }

// Next returns the next message. Bytes before a start byte are skipped (a
// sender's stray newlines). A stream that ends inside a frame gives
// io.ErrUnexpectedEOF: the partial message is never returned, so it is
// never applied; the sender, getting no ACK, sends it again.
func (f *FrameReader) Next() (string, error) {
	for {
		c, err := f.r.ReadByte()
		if err != nil {
			return "", err
		}
		if c == mllpStart {
			break
		}
	}
	var buf bytes.Buffer
	for {
		chunk, err := f.r.ReadSlice(mllpEnd)
		if buf.Len()+len(chunk) > MaxFrame {
			return "", ErrFrameTooLarge
		}
		buf.Write(chunk)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			if err == io.EOF {
				return "", io.ErrUnexpectedEOF
			}
			return "", err
		}
		c, err := f.r.ReadByte()
		if err != nil {
			if err == io.EOF {
				return "", io.ErrUnexpectedEOF
			}
			return "", err
		}
		if c != mllpCR {
			// 0x1C inside the message, not the end: keep reading.
			if c == mllpEnd {
				f.r.UnreadByte()
			} else {
				buf.WriteByte(c)
			}
			continue
		}
		b := buf.Bytes()
		return string(b[:len(b)-1]), nil
	}
}
