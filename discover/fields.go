package discover

import (
	"path/filepath"
	"strings"
)

// field is a column of a log that discover reads; the others are passed over.
type field uint8

const (
	fNone field = iota
	fTS
	fOrigH
	fOrigP
	fRespH
	fRespP
	fProto
	fService
	fOrigBytes
	fRespBytes
	fConnState
	fOrigPkts
	fRespPkts
	fCount // flow CSVs: connections the row stands for
	fPath  // Zeek JSON: the log a line belongs to
	// Protocol logs.
	fFunc
	fException
	fPDUType
	fFCRequest
	fRosctrName
	fFunctionCode
	fFunctionName
	fSubfunctionName
	// Identity logs.
	fIsOrig
	fSourceH
	fSourceP
	fSocketAddress
	fVendorName
	fDeviceTypeName
	fProductName
	fRevision
	fSerialNumber
	fSystemName
	fModuleName
	fPlantName
	fModuleSerial
	numFields
)

// fieldByName maps Zeek's column names, and the flow CSV headers, to fields.
var fieldByName = map[string]field{
	"ts":                     fTS,
	"id.orig_h":              fOrigH,
	"id.orig_p":              fOrigP,
	"id.resp_h":              fRespH,
	"id.resp_p":              fRespP,
	"proto":                  fProto,
	"service":                fService,
	"orig_bytes":             fOrigBytes,
	"resp_bytes":             fRespBytes,
	"conn_state":             fConnState,
	"orig_pkts":              fOrigPkts,
	"resp_pkts":              fRespPkts,
	"_path":                  fPath,
	"func":                   fFunc,
	"exception":              fException,
	"pdu_type":               fPDUType,
	"fc_request":             fFCRequest,
	"rosctr_name":            fRosctrName,
	"function_code":          fFunctionCode,
	"function_name":          fFunctionName,
	"subfunction_name":       fSubfunctionName,
	"is_orig":                fIsOrig,
	"source_h":               fSourceH,
	"source_p":               fSourceP,
	"socket_address":         fSocketAddress,
	"vendor_name":            fVendorName,
	"device_type_name":       fDeviceTypeName,
	"product_name":           fProductName,
	"revision":               fRevision,
	"serial_number":          fSerialNumber,
	"automation_system_name": fSystemName,
	"module_name":            fModuleName,
	"plant_name":             fPlantName,
	"module_serial":          fModuleSerial,
}

// logKind is which Zeek log a file or a line is.
type logKind uint8

const (
	kindUnknown logKind = iota
	kindConn
	kindModbus
	kindDNP3
	kindS7comm
	kindCIPIdentity
	kindS7Devices
	kindFlowCSV
	kindIgnored // a Zeek log discover does not read (dns, http, …)
)

var kindNames = [...]string{
	kindUnknown:     "unknown",
	kindConn:        "conn",
	kindModbus:      "modbus",
	kindDNP3:        "dnp3",
	kindS7comm:      "s7comm",
	kindCIPIdentity: "cip_identity",
	kindS7Devices:   "s7comm_known_devices",
	kindFlowCSV:     "flows",
	kindIgnored:     "ignored",
}

func (k logKind) String() string { return kindNames[k] }

// kindOfPath maps a Zeek log path ("conn", "modbus") to its kind: a path
// discover does not read is kindIgnored.
func kindOfPath(path string) logKind {
	switch path {
	case "conn":
		return kindConn
	case "modbus":
		return kindModbus
	case "dnp3":
		return kindDNP3
	case "s7comm":
		return kindS7comm
	case "cip_identity":
		return kindCIPIdentity
	case "s7comm_known_devices":
		return kindS7Devices
	case "":
		return kindUnknown
	}
	return kindIgnored
}

// kindOfFile guesses a log's kind from its file name: conn.log,
// conn.00:00:00-01:00:00.log.gz, modbus.json. A name Zeek does not use
// says nothing.
func kindOfFile(name string) logKind {
	base := strings.ToLower(filepath.Base(name))
	path, _, _ := strings.Cut(base, ".")
	switch k := kindOfPath(path); k {
	case kindIgnored:
		if zeekLogs[path] {
			return kindIgnored
		}
		return kindUnknown
	default:
		return k
	}
}

// zeekLogs are Zeek's and ICSNPP's other logs, recognised so that a
// folder of logs reads without a complaint about each.
var zeekLogs = map[string]bool{
	"dns": true, "http": true, "ssl": true, "x509": true, "files": true, "weird": true, "notice": true,
	"dhcp": true, "ntp": true, "smb_files": true, "smb_mapping": true, "dce_rpc": true, "kerberos": true,
	"ntlm": true, "rdp": true, "ssh": true, "snmp": true, "syslog": true, "software": true, "known_hosts": true,
	"known_services": true, "packet_filter": true, "reporter": true, "stats": true, "capture_loss": true,
	"loaded_scripts": true, "analyzer": true, "dpd": true, "tunnel": true, "enip": true, "cip": true, "cip_io": true,
	"cotp": true, "s7comm_plus": true, "s7comm_read_szl": true, "s7comm_upload_download": true,
	"bacnet": true, "bacnet_discovery": true, "bacnet_property": true, "modbus_detailed": true,
	"modbus_mask_write_register": true, "modbus_read_write_multiple_registers": true, "dnp3_control": true,
	"dnp3_objects": true, "iec104": true, "opcua_binary": true, "conn_long": true, "mqtt_connect": true,
}

// defaultLayouts are the columns of logs written without a #fields header
// (test baselines, trimmed exports), by kind and then by column count.
var defaultLayouts = map[logKind][][]string{
	kindConn: {
		{"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service", "duration", "orig_bytes", "resp_bytes", "conn_state", "local_orig", "local_resp", "missed_bytes", "history", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes", "tunnel_parents"},
	},
	kindModbus: {
		{"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "func", "exception"},
		{"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "unit", "func", "pdu_type", "exception"},
	},
	kindDNP3: {
		{"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "fc_request", "fc_reply", "iin"},
	},
	kindS7comm: {
		{"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "rosctr_code", "rosctr_name", "pdu_reference", "function_code", "function_name", "subfunction_code", "subfunction_name", "error_class", "error_code"},
	},
	kindCIPIdentity: {
		{"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "encapsulation_version", "socket_address", "socket_port", "vendor_id", "vendor_name", "device_type_id", "device_type_name", "product_code", "revision", "device_status", "serial_number", "product_name", "device_state"},
		{"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "is_orig", "source_h", "source_p", "destination_h", "destination_p", "encapsulation_version", "socket_address", "socket_port", "vendor_id", "vendor_name", "device_type_id", "device_type_name", "product_code", "revision", "device_status", "serial_number", "product_name", "device_state"},
	},
	kindS7Devices: {
		{"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "is_orig", "source_h", "source_p", "destination_h", "destination_p", "automation_system_name", "module_name", "plant_name", "module_serial"},
	},
}

// columns maps a header's names to fields.
func columns(names []string) []field {
	cols := make([]field, len(names))
	for i, n := range names {
		cols[i] = fieldByName[n]
	}
	return cols
}
