rlo = Pay {c\u202E" }here
zw = { "\u2é00B" }
nul = a{ "\u0000" }b
