rlo = Pay { "\u202E" }here
zw = { "\u200B" }
nul = a{ "\u0000" }b
