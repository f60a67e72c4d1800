	cmp %rsi,(%rdx)
	jne .Lout
	mov %rdi,(%rdx)
.Lout:
